// Request and response schemas of the import routes (OpenAPI components).
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { Id, Name } from '../schemas.ts';

export const ImportMappingSchema = z
  .object({
    version: z.literal(1),
    columns: z.record(z.string(), z.string().nullable()).describe('Header in the file → contact field, attr.<key>, or null to leave the column out'),
  })
  .meta({ id: 'ImportMapping' });

const Counts = z.object({
  rowsRead: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  duplicates: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
});

export const ImportSchema = z
  .object({
    id: Id,
    fileName: z.string(),
    fileSize: z.number().int().nullable(),
    format: z.enum(['csv', 'xlsx']),
    encoding: z.string().nullable(),
    delimiter: z.string().nullable(),
    headers: z.array(z.string()),
    mapping: ImportMappingSchema,
    policy: z.enum(['skip_bad_rows', 'reject_file']),
    unknownOwners: z.enum(['report', 'create']),
    dryRun: z.boolean(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'rejected']),
    phase: z.enum(['validating', 'writing']).nullable().describe('While running: checking rows (rowsDone grows), then writing them in one transaction'),
    rowsTotal: z.number().int().nullable(),
    rowsDone: z.number().int(),
    counts: Counts.nullable(),
    problemCount: z.number().int(),
    error: z.string().nullable(),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    fileRemovedAt: z.iso.datetime().nullable().describe('When retention deleted the uploaded file: the import cannot run again; its report stays'),
  })
  .meta({ id: 'Import' });

export const ImportListItemSchema = ImportSchema.extend({
  uploadedBy: z
    .object({ kind: z.enum(['user', 'api_key', 'system']), name: z.string().nullable() })
    .describe("Who uploaded the file: a user or API key by name (null once deleted), or the drop folder ('system') by its label"),
}).meta({ id: 'ImportListItem' });

const Policy = z.enum(['skip_bad_rows', 'reject_file']);
const UnknownOwners = z.enum(['report', 'create']);

export const ImportDetailSchema = ImportSchema.extend({
  problems: z
    .array(
      z.object({
        row: z.number().int().nullable().describe('The row a spreadsheet shows; null on the last line that counts problems not listed'),
        column: z.string(),
        field: z.string(),
        value: z.string(),
        problem: z.string(),
        allowed: z.string(),
      }),
    )
    .describe('The first 20 lines of the report, in file order; GET report.csv has all of them'),
}).meta({ id: 'ImportDetail' });

export const CreatedImportSchema = ImportSchema.extend({
  suggestedMapping: ImportMappingSchema.describe('What the headers suggest; send it back changed as mapping to correct it'),
  sample: z
    .array(z.object({ rowNumber: z.number().int(), values: z.record(z.string(), z.string()) }))
    .describe('The first 5 data rows as read (cell text by header), to show what each column holds while mapping'),
}).meta({ id: 'CreatedImport' });

const DropFolderUse = z
  .object({ policy: z.enum(['skip_bad_rows', 'reject_file']), unknownOwners: z.enum(['report', 'create']) })
  .nullable()
  .describe(
    'The import drop folder (<IMPORT_DROP_DIR>/<workspace id>/incoming) imports every file with this mapping, policy and unknownOwners; null: not this mapping',
  );

export const SavedMappingSchema = z
  .object({
    id: Id,
    name: z.string(),
    mapping: ImportMappingSchema,
    headers: z.array(z.string()),
    dropFolder: DropFolderUse,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'SavedImportMapping' });

export const SaveMappingBody = z.object({
  name: Name,
  mapping: z.unknown().describe('An ImportMapping: { "version": 1, "columns": { "<header>": "<field>" } }'),
  headers: z.array(z.string().max(500)).max(1000).optional(),
  dropFolder: DropFolderUse.optional().describe(
    'Set: the drop folder imports with this mapping from now on (instead of any other); null: it stops; absent: unchanged',
  ),
});

export const RunBody = z.object({
  dryRun: z.boolean().default(false).describe('true: check again without storing; false (default): import for real'),
  mapping: z.unknown().optional().describe('A corrected ImportMapping for the same file; the stored one when absent'),
  policy: Policy.optional().describe('The stored policy when absent'),
  unknownOwners: UnknownOwners.optional().describe('The stored choice when absent'),
});

const UploadFields = z
  .object({
    mapping: z.string().max(1_000_000).optional(),
    mappingId: Id.optional(),
    policy: Policy.default('skip_bad_rows'),
    unknownOwners: UnknownOwners.default('report'),
    dryRun: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  })
  .strict();

export type UploadOptions = {
  mapping?: unknown;
  mappingId?: string;
  policy: 'skip_bad_rows' | 'reject_file';
  unknownOwners: 'report' | 'create';
  dryRun: boolean;
};

/** The form fields sent with the file; problems name body.<field>. */
export function parseUploadFields(fields: Record<string, string>): UploadOptions {
  const parsed = UploadFields.safeParse(fields);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({
      field: `body.${issue.code === 'unrecognized_keys' ? issue.keys.join(',') : issue.path.join('.')}`,
      message: issue.code === 'unrecognized_keys' ? 'is not a field of an import; send file, mapping, mappingId, policy, unknownOwners, dryRun' : issue.message,
    }));
    throw new AppError('validation_failed', `The upload is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors });
  }
  const { mapping, ...rest } = parsed.data;
  let json: unknown;
  if (mapping !== undefined) {
    try {
      json = JSON.parse(mapping);
    } catch {
      throw AppError.invalid('body.mapping', 'is not JSON; send { "version": 1, "columns": { "<header>": "<field>" } }');
    }
  }
  return { ...rest, dryRun: rest.dryRun === 'true', ...(json !== undefined && { mapping: json }) };
}
