// Contact file imports: upload (multipart, streamed into the database), list, read, run again, the
// validation report as CSV, and saved mappings. The import itself runs as a job (src/jobs).
import multipart from '@fastify/multipart';
import { z } from 'zod';
import {
  createImport,
  deleteImportMapping,
  getImport,
  importReport,
  importView,
  listImportMappings,
  listImports,
  rerunImport,
  saveImportMapping,
} from '../../domain/imports/index.ts';
import { AppError } from '../../errors.ts';
import { importContactsJob } from '../../jobs/index.ts';
import { requireActor } from '../plugins/auth.ts';
import { IdParams, PageQuery, Problem, pageOf, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';
import {
  CreatedImportSchema,
  ImportDetailSchema,
  ImportListItemSchema,
  ImportSchema,
  parseUploadFields,
  RunBody,
  SavedMappingSchema,
  SaveMappingBody,
} from './import-schemas.ts';

const tags = ['Imports'];
/** The largest file an import takes. */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

export function importRoutes(app: App, deps: Deps) {
  const db = deps.database.db;
  const queue = (importId: string) => deps.jobs.send(importContactsJob, { importId });

  // Multipart only here: no other route accepts uploads.
  app.register(async (scope: App) => {
    await scope.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, fieldSize: 1_000_000 } });
    scope.post(
      '/api/v1/imports',
      {
        schema: {
          tags,
          summary: 'Upload a CSV or XLSX file of contacts and queue its import',
          description:
            'multipart/form-data with the part `file` and optional fields `mapping` (ImportMapping as JSON; suggested from the headers when absent), ' +
            '`mappingId` (a saved mapping), `policy` (skip_bad_rows | reject_file), `unknownOwners` (report | create) and `dryRun` (true | false). ' +
            'Answers 202; follow the import with GET /api/v1/imports/{id}.',
          consumes: ['multipart/form-data'],
          response: { 202: CreatedImportSchema, ...problemResponses, 413: Problem },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        if (!request.isMultipart()) throw AppError.invalid('body.file', 'send the file as multipart/form-data in the part "file"');
        const parts = request.parts()[Symbol.asyncIterator]();
        const fields: Record<string, string> = {};
        const collect = (part: { fieldname: string; value: unknown }) => {
          fields[part.fieldname] = String(part.value);
        };
        let next = await parts.next();
        while (!next.done && next.value.type === 'field') {
          collect(next.value);
          next = await parts.next();
        }
        const file = next.done ? undefined : next.value;
        if (file?.type !== 'file' || file.fieldname !== 'file') {
          throw AppError.invalid('body.file', 'is missing: send the CSV or XLSX file in the multipart part "file"');
        }
        const { row, suggested, sample } = await createImport(db, actor, {
          fileName: file.filename,
          file: file.file,
          async options() {
            if (file.file.truncated) {
              throw new AppError('payload_too_large', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it into several files.`);
            }
            for (let rest = await parts.next(); !rest.done; rest = await parts.next()) {
              if (rest.value.type === 'file') throw AppError.invalid('body.file', 'send one file per import');
              collect(rest.value);
            }
            return parseUploadFields(fields);
          },
        });
        await queue(row.id);
        return reply.code(202).send({ ...importView(row), suggestedMapping: suggested, sample });
      },
    );
  });

  app.get(
    '/api/v1/imports',
    {
      schema: {
        tags,
        summary: 'Imports of the workspace, newest first',
        querystring: PageQuery,
        response: { 200: pageOf(ImportListItemSchema), ...problemResponses },
      },
    },
    async (request) => listImports(db, requireActor(request), request.query),
  );

  app.get(
    '/api/v1/imports/:id',
    {
      schema: {
        tags,
        summary: 'One import: status, progress, counts and the first problems of its report',
        params: IdParams,
        response: { 200: ImportDetailSchema, ...problemResponses },
      },
    },
    async (request) => getImport(db, requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/imports/:id/report.csv',
    {
      schema: {
        tags,
        summary: 'The validation report: one line per problem (row, column, field, value, problem, allowed)',
        params: IdParams,
        produces: ['text/csv'],
        response: { 200: z.string().describe('CSV, UTF-8 with BOM, in the delimiter of the uploaded file'), ...problemResponses },
      },
    },
    async (request, reply) => {
      const report = await importReport(db, requireActor(request), request.params.id);
      const asciiName = report.fileName.replace(/[^\w.-]/g, '_');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(report.fileName)}`)
        .serializer((payload: unknown) => payload as string)
        .send(report.csv);
    },
  );

  app.post(
    '/api/v1/imports/:id/run',
    {
      schema: {
        tags,
        summary: 'Run a finished import again with the same file (a dry run for real, a dry run with a corrected mapping or policy, or after a failure)',
        params: IdParams,
        body: RunBody,
        response: { 202: ImportSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const row = await rerunImport(db, requireActor(request), request.params.id, request.body);
      await queue(row.id);
      return reply.code(202).send(importView(row));
    },
  );

  app.get(
    '/api/v1/import-mappings',
    { schema: { tags, summary: 'Saved column mappings', response: { 200: z.object({ items: z.array(SavedMappingSchema) }), ...problemResponses } } },
    async (request) => ({ items: await listImportMappings(db, requireActor(request)) }),
  );

  app.post(
    '/api/v1/import-mappings',
    {
      schema: {
        tags,
        summary: 'Save a column mapping under a name (the same name replaces it)',
        body: SaveMappingBody,
        response: { 201: SavedMappingSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await saveImportMapping(db, requireActor(request), request.body)),
  );

  app.delete(
    '/api/v1/import-mappings/:id',
    { schema: { tags, summary: 'Delete a saved mapping', params: IdParams, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await deleteImportMapping(db, requireActor(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
