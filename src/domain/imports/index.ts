// Contact import, without the database: read a CSV/XLSX file as rows, map its columns to contact
// fields, validate each row, and build the validation report. The import job (DB commit, progress,
// drop folder) is built on top of this.
export type { CsvDelimiter, CsvEncoding, ImportFile, ImportRow } from './file.ts';
export {
  type AttributeDefinition,
  CONTACT_FIELDS,
  type ContactField,
  ImportMapping,
  parseMapping,
  suggestMapping,
  type TargetField,
} from './mapping.ts';
export { type ImportSource, openImportFile } from './read-file.ts';
export { type ImportCounts, ImportReportBuilder, REPORT_COLUMNS, type RowOutcome } from './report.ts';
export { type ContactImportRecord, type Problem, type RowResult, type ValidationContext, validateRow } from './validate-row.ts';
