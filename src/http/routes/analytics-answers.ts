// Single answers over HTTP: comments and the wall, the response list and detail, and the exports
// (CSV and XLSX, streamed as they are read).
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  AnalyticsQuery,
  comments,
  commentsCsv,
  filterFromQuery,
  listResponses,
  responseDetail,
  responsesCsv,
  responsesXlsx,
  wall,
  XLSX_CONTENT_TYPE,
} from '../../domain/analytics/index.ts';
import { requireActor } from '../plugins/auth.ts';
import { IdParams, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';
import { ANALYTICS_SCOPE } from './analytics-schemas.ts';
import {
  CommentPage,
  CommentsExportQuery,
  CommentsQuery,
  ResponseDetail,
  ResponsePage,
  ResponsesQuery,
  WallComments,
  WallQuery,
} from './analytics-view-schemas.ts';

const tags = ['Analytics'];
const File = z.any().describe('The file, streamed');
const CSV_TYPE = 'text/csv; charset=utf-8';

/** Sends a streamed file named after its content and today's date. */
const attachment = (reply: FastifyReply, name: string, extension: string, type: string, file: Readable) =>
  reply
    .type(type)
    .header('content-disposition', `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.${extension}"`)
    .header('cache-control', 'no-store')
    .send(file);

export function analyticsAnswerRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/analytics/comments',
    {
      schema: {
        tags,
        summary: 'The written answers, one item per response, newest first; search with highlight offsets',
        description: `${ANALYTICS_SCOPE} Contact names only for personal (not anonymous, not eNPS) surveys.`,
        querystring: CommentsQuery,
        response: { 200: CommentPage, ...problemResponses },
      },
    },
    async (request) => {
      const { search, limit, cursor } = request.query;
      return comments(db, requireActor(request), filterFromQuery(request.query), { search, limit, cursor }, new Date());
    },
  );

  app.get(
    '/api/v1/analytics/comments.csv',
    {
      schema: {
        tags,
        summary: 'The comments of the filter (and search) as CSV',
        description: ANALYTICS_SCOPE,
        querystring: CommentsExportQuery,
        produces: ['text/csv'],
        response: { 200: File, ...problemResponses },
      },
    },
    async (request, reply) => {
      const file = await commentsCsv(db, requireActor(request), filterFromQuery(request.query), request.query.search, new Date());
      return attachment(reply, 'comments', 'csv', CSV_TYPE, file);
    },
  );

  app.get(
    '/api/v1/analytics/wall',
    {
      schema: {
        tags,
        summary: 'The 10-wall: recent promoter comments for a screen, with first name and initial (none for anonymous surveys)',
        description: ANALYTICS_SCOPE,
        querystring: WallQuery,
        response: { 200: WallComments, ...problemResponses },
      },
    },
    async (request) => ({ items: await wall(db, requireActor(request), filterFromQuery(request.query), request.query.limit, new Date()) }),
  );

  app.get(
    '/api/v1/analytics/responses',
    {
      schema: {
        tags,
        summary: 'The answers matching the filters, newest first, with their snapshot and comment',
        description: ANALYTICS_SCOPE,
        querystring: ResponsesQuery,
        response: { 200: ResponsePage, ...problemResponses },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return listResponses(db, requireActor(request), filterFromQuery(request.query), { limit, cursor }, new Date());
    },
  );

  app.get(
    '/api/v1/analytics/responses.csv',
    {
      schema: {
        tags,
        summary: 'The answers matching the filters as CSV: every answer (a column per question key), contact attributes and snapshot',
        description: `${ANALYTICS_SCOPE} Streamed as it is read; UTF-8 with a BOM.`,
        querystring: AnalyticsQuery,
        produces: ['text/csv'],
        response: { 200: File, ...problemResponses },
      },
    },
    async (request, reply) =>
      attachment(reply, 'responses', 'csv', CSV_TYPE, await responsesCsv(db, requireActor(request), filterFromQuery(request.query), new Date())),
  );

  app.get(
    '/api/v1/analytics/responses.xlsx',
    {
      schema: {
        tags,
        summary: 'The answers matching the filters as an XLSX workbook, with the same columns as the CSV',
        description: `${ANALYTICS_SCOPE} Streamed as it is read.`,
        querystring: AnalyticsQuery,
        produces: [XLSX_CONTENT_TYPE],
        response: { 200: File, ...problemResponses },
      },
    },
    async (request, reply) =>
      attachment(reply, 'responses', 'xlsx', XLSX_CONTENT_TYPE, await responsesXlsx(db, requireActor(request), filterFromQuery(request.query), new Date())),
  );

  app.get(
    '/api/v1/analytics/responses/:id',
    {
      schema: {
        tags,
        summary: 'One response in full: answers with their questions, snapshot, contact, invitation properties and event',
        description: `${ANALYTICS_SCOPE} A response outside your scope answers 404.`,
        params: IdParams,
        response: { 200: ResponseDetail, ...problemResponses },
      },
    },
    async (request) => responseDetail(db, requireActor(request), request.params.id),
  );
}
