// A survey's texts as an XLSX workbook for translators: download, then upload the filled-in file
// as the raw request body. The import saves a new draft revision, or refuses the file as a whole.
import { z } from 'zod';
import { importSurveyTranslations, surveyTranslationsWorkbook, XLSX_TYPE } from '../../domain/surveys/index.ts';
import { AppError } from '../../errors.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { IdParams, Problem, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';
import { SurveyDetail } from './survey-schemas.ts';

const tags = ['Surveys'];
/** A translation workbook of the largest survey is well under a megabyte; this leaves room for formatting. */
const MAX_WORKBOOK_BYTES = 5 * 1024 * 1024;

const TranslationImport = SurveyDetail.extend({
  changedTexts: z.number().int().describe('How many texts got a new value; 0 leaves the draft and its revision as they were'),
}).meta({ id: 'SurveyTranslationImport' });

export function surveyTranslationRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/surveys/:id/translations.xlsx',
    {
      schema: {
        tags,
        summary: "The draft's texts as an XLSX workbook for translators",
        description:
          'One row per text id, a column per survey language (default first); untranslated cells are highlighted. ' +
          'Fill in the cells and upload the file with PUT on the same URL.',
        params: IdParams,
        produces: [XLSX_TYPE],
        response: { 200: z.any().describe('The workbook (binary)'), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { fileName, file } = await surveyTranslationsWorkbook(db, requireActor(request), request.params.id);
      const asciiName = fileName.replace(/[^\w. -]/g, '_');
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .header('cache-control', 'no-store')
        .send(file);
    },
  );

  // The workbook is the raw request body: no multipart, so `curl --data-binary @file.xlsx` works.
  app.register(async (scope: App) => {
    scope.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: MAX_WORKBOOK_BYTES }, (_request, body, done) => done(null, body));
    scope.put(
      '/api/v1/surveys/:id/translations.xlsx',
      {
        schema: {
          tags,
          summary: 'Import translations from an XLSX workbook into the draft',
          description:
            `The request body is the workbook itself, with Content-Type ${XLSX_TYPE} (at most 5 MB). ` +
            "Filled cells replace the texts of the survey's languages; empty cells leave a text as it is. " +
            'Any problem (an unknown text id, a column for a language the survey lacks, a text over 2,000 characters, a file that is not XLSX) ' +
            'refuses the whole file with 400, listing each problem with its row and column.',
          params: IdParams,
          consumes: [XLSX_TYPE],
          body: z.any().describe('The workbook (binary)'),
          response: { 200: TranslationImport, ...problemResponses, 413: Problem, 415: Problem },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        if (!Buffer.isBuffer(request.body))
          throw new AppError('unsupported_media_type', `Send the workbook as the request body with Content-Type ${XLSX_TYPE}.`);
        return importSurveyTranslations(db, actor, request.params.id, request.body, contextOf(request));
      },
    );
  });
}
