// Surveys: list, create, read, settings, draft, publish, versions, close/reopen, delete, personal
// links; and the workspace's touchpoints. Respondent pages are in respondent.ts.

import { z } from 'zod';
import type { SurveyKind } from '../../db/index.ts';
import type { SurveyDefinition } from '../../domain/surveys/index.ts';
import {
  createPersonalLink,
  createSurvey,
  createTouchpoint,
  deleteSurvey,
  deleteTouchpoint,
  getSurvey,
  getSurveyVersion,
  listSurveys,
  listSurveyTemplates,
  listSurveyVersions,
  listTouchpoints,
  publishSurvey,
  saveDraft,
  setSurveyOpen,
  updateSurveySettings,
  updateTouchpoint,
} from '../../domain/surveys/index.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { IdParams, pageOf, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';
import {
  CreateLinkBody,
  CreateSurveyBody,
  CreateTouchpointBody,
  DraftBody,
  ListSurveysQuery,
  PersonalLink,
  Survey,
  SurveyDetail,
  SurveyTemplate,
  SurveyVersion,
  SurveyVersionDetail,
  Touchpoint,
  UpdateSurveyBody,
  UpdateTouchpointBody,
  VersionParams,
} from './survey-schemas.ts';

const tags = ['Surveys'];

export function surveyRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/surveys',
    {
      schema: {
        tags,
        summary: 'Surveys of the workspace, newest first',
        querystring: ListSurveysQuery,
        response: { 200: pageOf(Survey), ...problemResponses },
      },
    },
    async (request) => listSurveys(db, requireActor(request), request.query),
  );

  app.post(
    '/api/v1/surveys',
    {
      schema: {
        tags,
        summary: 'Create a survey with its first draft (owner, admin, write keys)',
        description: 'The draft may be incomplete; `problems` and `untranslated` in the answer say what must be fixed before publishing.',
        body: CreateSurveyBody,
        response: { 201: SurveyDetail, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { name, anonymous, kind, definition, template, languages } = request.body;
      const input =
        template !== undefined
          ? { name, anonymous, template, languages }
          : { name, anonymous, kind: kind as SurveyKind, definition: definition as SurveyDefinition };
      return reply.code(201).send(await createSurvey(db, requireActor(request), input, contextOf(request)));
    },
  );

  app.get(
    '/api/v1/survey-templates',
    {
      schema: {
        tags,
        summary: 'Templates to start a survey from, complete in all six languages',
        response: { 200: z.array(SurveyTemplate), ...problemResponses },
      },
    },
    async (request) => listSurveyTemplates(requireActor(request)),
  );

  app.get(
    '/api/v1/surveys/:id',
    {
      schema: {
        tags,
        summary: 'A survey with its draft and what stops it being published',
        params: IdParams,
        response: { 200: SurveyDetail, ...problemResponses },
      },
    },
    async (request) => getSurvey(db, requireActor(request), request.params.id),
  );

  app.patch(
    '/api/v1/surveys/:id',
    {
      schema: { tags, summary: "Change a survey's settings", params: IdParams, body: UpdateSurveyBody, response: { 200: Survey, ...problemResponses } },
    },
    async (request) => updateSurveySettings(db, requireActor(request), request.params.id, request.body, contextOf(request)),
  );

  app.delete(
    '/api/v1/surveys/:id',
    {
      schema: { tags, summary: 'Delete a survey nobody has answered (else 409: close it)', params: IdParams, response: { 204: z.null(), ...problemResponses } },
    },
    async (request, reply) => {
      await deleteSurvey(db, requireActor(request), request.params.id, contextOf(request));
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/v1/surveys/:id/draft',
    {
      schema: {
        tags,
        summary: 'Save the draft definition (respondents keep getting the published version)',
        description: 'Send the revision you started from; if someone saved since, the answer is 409 and nothing changes.',
        params: IdParams,
        body: DraftBody,
        response: { 200: SurveyDetail, ...problemResponses },
      },
    },
    async (request) => saveDraft(db, requireActor(request), request.params.id, request.body, contextOf(request)),
  );

  app.post(
    '/api/v1/surveys/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish the draft as the next version',
        description: 'Refused with 400 listing every problem when the draft is incomplete (including texts missing in a survey language).',
        params: IdParams,
        response: { 200: SurveyDetail, ...problemResponses },
      },
    },
    async (request) => publishSurvey(db, requireActor(request), request.params.id, contextOf(request)),
  );

  for (const [action, open] of [
    ['close', false],
    ['reopen', true],
  ] as const) {
    app.post(
      `/api/v1/surveys/:id/${action}`,
      {
        schema: {
          tags,
          summary: open ? 'Reopen a closed survey' : 'Close a survey: its links show a friendly "closed" page',
          params: IdParams,
          response: { 200: Survey, ...problemResponses },
        },
      },
      async (request) => setSurveyOpen(db, requireActor(request), request.params.id, open, contextOf(request)),
    );
  }

  app.get(
    '/api/v1/surveys/:id/versions',
    { schema: { tags, summary: 'Published versions, newest first', params: IdParams, response: { 200: z.array(SurveyVersion), ...problemResponses } } },
    async (request) => listSurveyVersions(db, requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/surveys/:id/versions/:version',
    {
      schema: {
        tags,
        summary: 'One published version with its definition',
        params: VersionParams,
        response: { 200: SurveyVersionDetail, ...problemResponses },
      },
    },
    async (request) => getSurveyVersion(db, requireActor(request), request.params.id, request.params.version),
  );

  app.post(
    '/api/v1/surveys/:id/links',
    {
      schema: {
        tags,
        summary: 'A personal link (/s/{token}) for one contact to answer the published survey',
        params: IdParams,
        body: CreateLinkBody,
        response: { 201: PersonalLink, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { contactId, contactExternalId, language, properties } = request.body;
      const contact = contactId !== undefined ? { id: contactId } : { externalId: contactExternalId as string };
      const link = await createPersonalLink(db, requireActor(request), request.params.id, { contact, language, properties }, deps.config.publicUrl);
      return reply.code(201).send(link);
    },
  );

  const touchpointTags = ['Touchpoints'];
  app.get(
    '/api/v1/touchpoints',
    { schema: { tags: touchpointTags, summary: "The workspace's touchpoints in order", response: { 200: z.array(Touchpoint), ...problemResponses } } },
    async (request) => listTouchpoints(db, requireActor(request)),
  );
  app.post(
    '/api/v1/touchpoints',
    {
      schema: {
        tags: touchpointTags,
        summary: 'Add a touchpoint (owner, admin, write keys)',
        body: CreateTouchpointBody,
        response: { 201: Touchpoint, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createTouchpoint(db, requireActor(request), request.body, contextOf(request))),
  );
  app.patch(
    '/api/v1/touchpoints/:id',
    {
      schema: {
        tags: touchpointTags,
        summary: 'Rename, describe or move a touchpoint (its key never changes)',
        params: IdParams,
        body: UpdateTouchpointBody,
        response: { 200: Touchpoint, ...problemResponses },
      },
    },
    async (request) => updateTouchpoint(db, requireActor(request), request.params.id, request.body, contextOf(request)),
  );
  app.delete(
    '/api/v1/touchpoints/:id',
    {
      schema: {
        tags: touchpointTags,
        summary: 'Delete a touchpoint no survey uses (else 409)',
        params: IdParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deleteTouchpoint(db, requireActor(request), request.params.id, contextOf(request));
      return reply.code(204).send(null);
    },
  );
}
