// A survey's texts as a spreadsheet for translators: one row per text id (textsOf), one column per
// survey language with the default language first, empty cells highlighted. Importing takes the
// filled cells back by id, all or nothing: any problem in the file changes nothing and is reported
// with its row and column. Empty cells leave a text as it is, so a partial translation is fine.
import type ExcelJS from 'exceljs';
import type { Db } from '../../db/index.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { type Actor, canManageSurveys, ensure } from '../access/index.ts';
import type { RequestContext } from '../audit/index.ts';
import type { SurveyDetailView } from '../views.ts';
import type { Language, LocalizedText, SurveyDefinition } from './definition.ts';
import { LANGUAGES } from './definition.ts';
import { saveDraft } from './publish.ts';
import { getSurvey } from './surveys.ts';
import { textsOf } from './texts.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SHEET = 'Translations';
const ID_HEADER = 'Text id';
const MAX_TEXT = 2000;
/** Problems listed in one answer; more would not help anyone fix the file. */
const MAX_PROBLEMS = 50;

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', da: 'Dansk', sv: 'Svenska', nb: 'Norsk bokmål', de: 'Deutsch', fi: 'Suomi' };
const UNTRANSLATED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE699' } };
const ID_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };

/** The survey's languages, default first. */
const columnsOf = (definition: SurveyDefinition): Language[] => [
  definition.defaultLanguage,
  ...definition.languages.filter((language) => language !== definition.defaultLanguage),
];

/** exceljs, loaded on first use rather than with the server (half a second of its start). */
const loadExcel = async () => (await import('exceljs')).default;

export async function exportTranslations(definition: SurveyDefinition, surveyName: string): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'Anbefal';
  const languages = columnsOf(definition);
  const sheet = workbook.addWorksheet(SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }] });
  sheet.columns = [{ width: 16 }, ...languages.map(() => ({ width: 60 }))];

  const lastColumn = languages.length + 1;
  sheet.mergeCells(1, 1, 1, lastColumn);
  const intro = sheet.getCell(1, 1);
  intro.value =
    `Translations of the survey "${surveyName}". Fill in the highlighted (empty) cells; an empty cell leaves the text as it is. ` +
    'Keep {company} and {firstName} as they are, and do not change the first column: it tells Anbefal which text a row is. ' +
    'Then upload this file under Translations in the survey editor.';
  intro.alignment = { wrapText: true, vertical: 'top' };
  sheet.getRow(1).height = 60;

  const header = sheet.getRow(2);
  header.values = [ID_HEADER, ...languages.map((language) => `${LANGUAGE_NAMES[language]} (${language})`)];
  header.font = { bold: true };

  for (const entry of textsOf(definition)) {
    const row = sheet.addRow([entry.id, ...languages.map((language) => entry.text[language] ?? '')]);
    row.alignment = { wrapText: true, vertical: 'top' };
    const id = row.getCell(1);
    id.fill = ID_FILL;
    id.font = { color: { argb: 'FF808080' }, size: 9 };
    languages.forEach((language, index) => {
      const cell = row.getCell(index + 2);
      cell.protection = { locked: false };
      if (!entry.text[language]?.trim()) cell.fill = UNTRANSLATED_FILL;
    });
  }
  // Without a password: protection is a guard against slips in the id column, not a secret.
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** What a person typed in a cell, whatever ExcelJS made of it. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  return '';
}

const notXlsx = () =>
  AppError.invalid('body', 'is not an Excel .xlsx file. Upload the workbook exported from GET …/translations.xlsx, saved as .xlsx (not .xls or .csv).');

/** The language a header names: "Dansk (da)" or just "da". */
const languageOfHeader = (header: string): string => (/\(([A-Za-z-]+)\)\s*$/.exec(header)?.[1] ?? header).trim().toLowerCase();

export interface TranslationImport {
  definition: SurveyDefinition;
  /** How many texts got a new value in some language. */
  changed: number;
}

/** Applies a translation workbook to a copy of the definition; throws 400 listing every problem, changing nothing. */
export async function importTranslations(definition: SurveyDefinition, file: Buffer): Promise<TranslationImport> {
  if (file.length < 4 || file.toString('latin1', 0, 2) !== 'PK') throw notXlsx();
  const workbook = new (await loadExcel()).Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw notXlsx();
  }
  const sheet = workbook.getWorksheet(SHEET) ?? workbook.worksheets[0];
  if (!sheet) throw AppError.invalid('body', 'the workbook has no worksheet; upload the exported translation workbook');

  let headerRow = 0;
  for (let n = 1; n <= Math.min(sheet.rowCount, 10) && !headerRow; n++) {
    if (cellText(sheet.getRow(n).getCell(1).value).trim() === ID_HEADER) headerRow = n;
  }
  if (!headerRow) throw AppError.invalid('body', `no row starts with "${ID_HEADER}"; keep the header row of the exported workbook`);

  const problems: FieldProblem[] = [];
  const report = (field: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ field, message });
  };
  const columnName = (column: number) => sheet.getColumn(column).letter;

  const columns: { column: number; language: Language }[] = [];
  sheet.getRow(headerRow).eachCell((cell, column) => {
    if (column === 1) return;
    const header = cellText(cell.value).trim();
    if (!header) return;
    const code = languageOfHeader(header);
    const language = definition.languages.find((l) => l === code);
    if (!language) {
      const known = (LANGUAGES as readonly string[]).includes(code);
      report(
        `column ${columnName(column)}`,
        known
          ? `"${header}" is not a language of this survey (${definition.languages.join(', ')}); add it to the survey's languages first`
          : `"${header}" is not a language column; columns are named like "Dansk (da)" for ${definition.languages.join(', ')}`,
      );
    } else if (columns.some((c) => c.language === language)) {
      report(`column ${columnName(column)}`, `"${header}" repeats the ${language} column`);
    } else columns.push({ column, language });
  });

  const copy = structuredClone(definition);
  const entries = new Map(textsOf(copy).map((entry) => [entry.id, entry]));
  const updates = new Map<string, LocalizedText>();
  for (let n = headerRow + 1; n <= sheet.rowCount; n++) {
    const row = sheet.getRow(n);
    const id = cellText(row.getCell(1).value).trim();
    const values = columns.map(({ column, language }) => ({ column, language, text: cellText(row.getCell(column).value).trim() }));
    if (!id) {
      if (values.some((v) => v.text)) report(`row ${n}`, 'has texts but no text id in column A; copy the row from the exported workbook');
      continue;
    }
    const entry = entries.get(id);
    if (!entry) {
      report(`row ${n}`, `"${id}" is not a text of this survey's draft (was the question removed or renamed?)`);
      continue;
    }
    const update: LocalizedText = { ...(updates.get(id) ?? entry.text) };
    for (const { column, language, text } of values) {
      if (!text) continue;
      if (text.length > MAX_TEXT) {
        report(
          `row ${n}, column ${columnName(column)}`,
          `the ${language} text of "${id}" is ${text.length.toLocaleString('en')} characters; at most 2,000 are allowed`,
        );
      } else update[language] = text;
    }
    updates.set(id, update);
  }
  if (problems.length > 0) {
    throw new AppError(
      'validation_failed',
      `The translation file was not imported; nothing was changed. ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      {
        errors: problems,
      },
    );
  }

  let changed = 0;
  for (const [id, text] of updates) {
    const entry = entries.get(id);
    if (!entry || LANGUAGES.every((language) => (entry.text[language] ?? '') === (text[language] ?? ''))) continue;
    entry.set(copy, text);
    changed++;
  }
  return { definition: copy, changed };
}

/** The draft's texts as a workbook, named after the survey; every actor who sees surveys may export. */
export async function surveyTranslationsWorkbook(db: Db, actor: Actor, surveyId: string): Promise<{ fileName: string; file: Buffer }> {
  const survey = await getSurvey(db, actor, surveyId);
  return { fileName: `${survey.name} - translations.xlsx`, file: await exportTranslations(survey.draft, survey.name) };
}

/** Imports a translation workbook into the draft (a new draft revision when any text changed). */
export async function importSurveyTranslations(
  db: Db,
  actor: Actor,
  surveyId: string,
  file: Buffer,
  context: RequestContext = {},
): Promise<SurveyDetailView<SurveyDefinition> & { changedTexts: number }> {
  const survey = await getSurvey(db, actor, surveyId);
  ensure(canManageSurveys(actor), 'edit surveys');
  const { definition, changed } = await importTranslations(survey.draft, file);
  if (changed === 0) return { ...survey, changedTexts: 0 };
  return { ...(await saveDraft(db, actor, surveyId, { definition, revision: survey.draftRevision }, context)), changedTexts: changed };
}
