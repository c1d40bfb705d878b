// Translation workbooks: the export a translator gets (default language first, empty cells
// highlighted, the id column guarded), a real round trip through ExcelJS, and imports refused as a
// whole with the row and column of every problem.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import type { SurveyDefinition } from './definition.ts';
import { findTemplate } from './templates/index.ts';
import { textsOf, untranslatedTexts } from './texts.ts';
import { exportTranslations, importTranslations } from './translations.ts';

/** The CSAT template in Danish first, with English, Swedish and Finnish, the Finnish texts not yet written. */
function draft(): SurveyDefinition {
  const definition = structuredClone(findTemplate('csat')?.definition) as SurveyDefinition;
  definition.defaultLanguage = 'da';
  definition.languages = ['en', 'da', 'sv', 'fi'];
  const strip = (value: unknown) => {
    if (value && typeof value === 'object') {
      delete (value as Record<string, unknown>).fi;
      for (const child of Object.values(value)) strip(child);
    }
  };
  strip(definition);
  return definition;
}

async function open(file: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  return workbook.getWorksheet('Translations') as ExcelJS.Worksheet;
}

const save = async (sheet: ExcelJS.Worksheet) => Buffer.from(await sheet.workbook.xlsx.writeBuffer());

/** The row of a text id in an exported sheet. */
function rowOf(sheet: ExcelJS.Worksheet, id: string): ExcelJS.Row {
  for (let n = 3; n <= sheet.rowCount; n++) if (sheet.getRow(n).getCell(1).value === id) return sheet.getRow(n);
  throw new Error(`no row for ${id}`);
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('exporting translations', () => {
  it('has a row per text, the default language first, and highlights what is untranslated', async () => {
    const definition = draft();
    const sheet = await open(await exportTranslations(definition, 'Kundetilfredshed'));
    expect(String(sheet.getCell(1, 1).value)).toContain('"Kundetilfredshed"');
    expect(sheet.getRow(2).values).toEqual([undefined, 'Text id', 'Dansk (da)', 'English (en)', 'Svenska (sv)', 'Suomi (fi)']);
    expect(sheet.rowCount - 2).toBe(textsOf(definition).length);

    const question = rowOf(sheet, 'question.satisfaction.text');
    expect(question.getCell(2).value).toBe('Hvor tilfreds er du alt i alt med {company}?');
    expect(question.getCell(3).value).toBe('Overall, how satisfied are you with {company}?');
    const fill = (cell: ExcelJS.Cell) => (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    expect(fill(question.getCell(5))).toBe('FFFFE699');
    expect(fill(question.getCell(2))).toBeUndefined();
    // Only the language cells can be edited.
    expect(question.getCell(5).protection?.locked).toBe(false);
    expect(question.getCell(1).protection?.locked).not.toBe(false);
  });
});

describe('importing translations', () => {
  it('takes the filled cells back by id: a real round trip makes the untranslated list shorter', async () => {
    const definition = draft();
    const before = untranslatedTexts(definition).length;
    const sheet = await open(await exportTranslations(definition, 'CSAT'));
    rowOf(sheet, 'question.satisfaction.text').getCell(5).value = 'Kuinka tyytyväinen olet kokonaisuutena yritykseen {company}?';
    rowOf(sheet, 'question.satisfaction.minLabel').getCell(5).value = { richText: [{ text: 'Erittäin ' }, { text: 'tyytymätön', font: { bold: true } }] };
    rowOf(sheet, 'question.improve.text').getCell(3).value = 'What should we improve?';

    const result = await importTranslations(definition, await save(sheet));
    expect(result.changed).toBe(3);
    const satisfaction = result.definition.pages[0]?.questions[0];
    expect(satisfaction?.text.fi).toBe('Kuinka tyytyväinen olet kokonaisuutena yritykseen {company}?');
    expect(satisfaction?.type === 'rating' && satisfaction.minLabel.fi).toBe('Erittäin tyytymätön');
    expect(result.definition.pages[1]?.questions[0]?.text.en).toBe('What should we improve?');
    expect(untranslatedTexts(result.definition).length).toBe(before - 2);
    // The definition passed in is not touched.
    expect(definition.pages[0]?.questions[0]?.text.fi).toBeUndefined();
  });

  it('leaves texts alone where a cell was emptied, and counts nothing when nothing changed', async () => {
    const definition = draft();
    const sheet = await open(await exportTranslations(definition, 'CSAT'));
    rowOf(sheet, 'intro').getCell(3).value = null;
    const result = await importTranslations(definition, await save(sheet));
    expect(result.changed).toBe(0);
    expect(result.definition.intro?.en).toBe(definition.intro?.en);
  });

  it('refuses the whole file, naming row and column, for unknown ids, unknown languages and long texts', async () => {
    const definition = draft();
    const sheet = await open(await exportTranslations(definition, 'CSAT'));
    rowOf(sheet, 'question.satisfaction.text').getCell(5).value = 'Tämä muutos ei saa tallentua';
    const unknown = sheet.addRow(['question.gone.text', 'Væk']);
    rowOf(sheet, 'thankYou.text').getCell(4).value = 'x'.repeat(2001);
    sheet.getRow(2).getCell(6).value = 'Français (fr)';
    sheet.getRow(2).getCell(7).value = 'Norsk bokmål (nb)';

    const error = await refusal(importTranslations(definition, await save(sheet)));
    expect(error.status).toBe(400);
    expect(error.message).toContain('nothing was changed');
    const thankYouRow = rowOf(sheet, 'thankYou.text').number;
    expect(error.details.errors).toEqual(
      expect.arrayContaining([
        { field: 'column F', message: expect.stringContaining('"Français (fr)" is not a language column') },
        { field: 'column G', message: expect.stringContaining("is not a language of this survey (en, da, sv, fi); add it to the survey's languages first") },
        { field: `row ${unknown.number}`, message: expect.stringContaining('"question.gone.text" is not a text of this survey') },
        { field: `row ${thankYouRow}, column D`, message: 'the sv text of "thankYou.text" is 2,001 characters; at most 2,000 are allowed' },
      ]),
    );
    expect(definition.pages[0]?.questions[0]?.text.fi).toBeUndefined();
  });

  it('refuses files that are not XLSX workbooks, or have lost their header row', async () => {
    const definition = draft();
    expect((await refusal(importTranslations(definition, Buffer.from('id;da\nintro;Hej\n')))).message).toContain('not an Excel .xlsx file');
    expect((await refusal(importTranslations(definition, Buffer.from('PK\u0003\u0004 broken zip')))).message).toContain('not an Excel .xlsx file');
    const sheet = await open(await exportTranslations(definition, 'CSAT'));
    sheet.getRow(2).getCell(1).value = 'Id';
    expect((await refusal(importTranslations(definition, await save(sheet)))).message).toContain('no row starts with "Text id"');
  });
});
