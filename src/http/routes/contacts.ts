import { z } from 'zod';
import {
  createContact,
  deleteContact,
  eraseContact,
  exportContact,
  getContact,
  getContactSurveyHistory,
  listContacts,
  MAX_BATCH,
  updateContact,
  upsertContacts,
} from '../../domain/contacts/index.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { Id, IdParams, PageQuery, Problem, pageOf, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';
import { Account, BooleanQuery, batchResult, Contact, ContactBody, ContactListItem, ContactSurveyHistory } from './contact-schemas.ts';

const tags = ['Contacts'];

const FILTERS = ['limit', 'cursor', 'q', 'unitId', 'subtree', 'ownerMemberId', 'accountId', 'segment', 'language', 'consent', 'updatedSince'];
const ListQuery = PageQuery.extend({
  q: z.string().trim().min(1).max(200).optional(),
  unitId: Id.optional(),
  subtree: BooleanQuery,
  ownerMemberId: Id.optional(),
  accountId: Id.optional(),
  segment: z.string().max(200).optional(),
  language: z.string().max(35).optional(),
  consent: z.enum(['unknown', 'granted', 'withdrawn']).optional(),
  updatedSince: z.iso.datetime({ offset: true }).optional(),
})
  .catchall(z.string().max(200))
  .superRefine((query, ctx) => {
    for (const key of Object.keys(query)) {
      if (!FILTERS.includes(key) && !/^attr\.[a-z][a-z0-9_]{0,62}$/.test(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `is not a filter; use ${FILTERS.join(', ')} or attr.<key>=<value>` });
      }
    }
  });

const BatchResult = batchResult('ContactBatchResult');

const ContactExport = z
  .object({
    format: z.literal('anbefal.contact-export.v1'),
    exportedAt: z.iso.datetime(),
    contact: Contact.extend({ deletedAt: z.iso.datetime().nullable() }),
    account: Account.nullable(),
    owner: z.object({ id: Id, name: z.string(), email: z.string().nullable() }).nullable(),
    surveys: ContactSurveyHistory,
  })
  .meta({ id: 'ContactExport' });

export function contactRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/contacts',
    {
      schema: {
        tags,
        summary: 'Contacts you may see (managers: their subtree; frontline: the contacts they own)',
        description: "Filter by attribute with attr.<key>=<value>, compared in the attribute's type.",
        querystring: ListQuery,
        response: { 200: pageOf(ContactListItem), ...problemResponses },
      },
    },
    async (request) => {
      const query = request.query as z.infer<typeof ListQuery>;
      const attributes = Object.fromEntries(
        Object.entries(query)
          .filter(([key]) => key.startsWith('attr.'))
          .map(([key, value]) => [key.slice(5), String(value)]),
      );
      return listContacts(db, requireActor(request), { ...query, attributes });
    },
  );

  app.get(
    '/api/v1/contacts/:id',
    { schema: { tags, summary: 'One contact', params: IdParams, response: { 200: Contact, ...problemResponses } } },
    async (request) => getContact(db, requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/contacts/:id/surveys',
    {
      schema: {
        tags,
        summary: "The contact's survey links and answers, newest first",
        params: IdParams,
        response: { 200: ContactSurveyHistory, ...problemResponses },
      },
    },
    async (request) => getContactSurveyHistory(db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/contacts',
    {
      schema: {
        tags,
        summary: "Add a contact (its unit defaults to its owner's unit)",
        body: ContactBody,
        response: { 201: Contact, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createContact(db, requireActor(request), request.body, contextOf(request))),
  );

  app.post(
    '/api/v1/contacts/batch',
    {
      bodyLimit: 32 * 1024 * 1024,
      schema: {
        tags,
        summary: `Create or update up to ${MAX_BATCH} contacts, matched by externalId, then email; all or nothing`,
        description: 'With an Idempotency-Key header, a retry within 24 hours gets the first answer again without re-applying it.',
        headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
        body: z.object({ contacts: z.array(ContactBody).min(1).max(MAX_BATCH, `must hold at most ${MAX_BATCH} contacts; split the batch`) }),
        response: { 200: BatchResult, ...problemResponses, 413: Problem },
      },
    },
    async (request, reply) => {
      const { result, replayed } = await upsertContacts(
        db,
        requireActor(request),
        request.body.contacts,
        request.headers['idempotency-key'],
        contextOf(request),
      );
      if (replayed) reply.header('idempotent-replayed', 'true');
      return result;
    },
  );

  app.patch(
    '/api/v1/contacts/:id',
    {
      schema: { tags, summary: 'Change a contact; null clears a field', params: IdParams, body: ContactBody, response: { 200: Contact, ...problemResponses } },
    },
    async (request) => updateContact(db, requireActor(request), request.params.id, request.body, contextOf(request)),
  );

  app.delete(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Delete a contact (soft: hidden from lists, kept for statistics)',
        params: IdParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deleteContact(db, requireActor(request), request.params.id, contextOf(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/contacts/:id/export',
    {
      schema: {
        tags,
        summary: 'Everything stored about a contact, as JSON (GDPR access request; owner, admin, write keys)',
        params: IdParams,
        response: { 200: ContactExport, ...problemResponses },
      },
    },
    async (request) => exportContact(db, requireActor(request), request.params.id, contextOf(request)),
  );

  app.post(
    '/api/v1/contacts/:id/erase',
    {
      schema: {
        tags,
        summary: "Erase a contact's personal data for good (GDPR; owner, admin, write keys)",
        params: IdParams,
        response: { 200: Contact, ...problemResponses },
      },
    },
    async (request) => eraseContact(db, requireActor(request), request.params.id, contextOf(request)),
  );
}
