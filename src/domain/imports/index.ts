// Contact import: read a CSV/XLSX file as rows, map its columns to contact
// fields, validate each row, build the validation report (no database), and the imports themselves:
// the stored upload, the job that commits a file all or nothing, saved mappings.
export {
  DROP_SUBFOLDERS,
  type DropFolderScan,
  type DropFolderScanResult,
  dropFolderActor,
  dropFolderHasFiles,
  scanDropFolder,
  waitsInDropFolder,
} from './drop-folder.ts';
export type { CsvDelimiter, CsvEncoding, ImportFile, ImportRow } from './file.ts';
export { createImport, getImport, importReport, importView, listImports, type NewImport, rerunImport } from './imports.ts';
export {
  type AttributeDefinition,
  CONTACT_FIELDS,
  type ContactField,
  ImportMapping,
  parseMapping,
  suggestMapping,
  type TargetField,
} from './mapping.ts';
export { type DropFolderUse, deleteImportMapping, dropFolderMapping, listImportMappings, saveImportMapping } from './mappings.ts';
export { type ImportSource, openImportFile } from './read-file.ts';
export { type ImportCounts, ImportReportBuilder, REPORT_COLUMNS, type RowOutcome } from './report.ts';
export { applyImportRetention, type ImportRetention, type ImportRetentionResult } from './retention.ts';
export { runImport, unfinishedImports } from './run-import.ts';
export { runImportJob } from './run-in-process.ts';
export { type ContactImportRecord, type Problem, type RowResult, type ValidationContext, validateRow } from './validate-row.ts';
