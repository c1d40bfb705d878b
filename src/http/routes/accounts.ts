import { z } from 'zod';
import { createAccount, deleteAccount, getAccount, listAccounts, MAX_BATCH, updateAccount, upsertAccounts } from '../../domain/contacts/index.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { Id, IdParams, Name, PageQuery, Problem, pageOf, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';
import { Account, AccountListItem, AttributesInput, BooleanQuery, batchResult, ExternalId, References } from './contact-schemas.ts';

const tags = ['Contacts'];

const AccountBody = z.object({
  name: Name,
  externalId: ExternalId.nullable().optional(),
  segment: z.string().max(200).nullable().optional(),
  revenue: z.number().finite().nullable().optional(),
  ...References,
  attributes: AttributesInput.optional(),
});

const BatchResult = batchResult('AccountBatchResult');

export function accountRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/accounts',
    {
      schema: {
        tags,
        summary: 'Accounts (B2B companies) you may see (managers: their subtree; frontline: the accounts they own; both: the accounts of their contacts)',
        querystring: PageQuery.extend({
          q: z.string().trim().min(1).max(200).optional(),
          unitId: Id.optional(),
          subtree: BooleanQuery,
          ownerMemberId: Id.optional(),
          segment: z.string().max(200).optional(),
        }),
        response: { 200: pageOf(AccountListItem), ...problemResponses },
      },
    },
    async (request) => listAccounts(db, requireActor(request), request.query),
  );

  app.get(
    '/api/v1/accounts/:id',
    { schema: { tags, summary: 'One account', params: IdParams, response: { 200: Account, ...problemResponses } } },
    async (request) => getAccount(db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/accounts',
    { schema: { tags, summary: "Add an account (its unit defaults to its owner's unit)", body: AccountBody, response: { 201: Account, ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await createAccount(db, requireActor(request), request.body, contextOf(request))),
  );

  app.post(
    '/api/v1/accounts/batch',
    {
      bodyLimit: 32 * 1024 * 1024,
      schema: {
        tags,
        summary: `Create or update up to ${MAX_BATCH} accounts, matched by externalId; all or nothing`,
        description:
          'Every account needs an externalId; a new one also needs a name. Managers write only accounts of their subtree. With an Idempotency-Key header, a retry within 24 hours gets the first answer again without re-applying it.',
        headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
        body: z.object({ accounts: z.array(AccountBody.partial()).min(1).max(MAX_BATCH, `must hold at most ${MAX_BATCH} accounts; split the batch`) }),
        response: { 200: BatchResult, ...problemResponses, 413: Problem },
      },
    },
    async (request, reply) => {
      const { result, replayed } = await upsertAccounts(
        db,
        requireActor(request),
        request.body.accounts,
        request.headers['idempotency-key'],
        contextOf(request),
      );
      if (replayed) reply.header('idempotent-replayed', 'true');
      return result;
    },
  );

  app.patch(
    '/api/v1/accounts/:id',
    { schema: { tags, summary: 'Change an account', params: IdParams, body: AccountBody.partial(), response: { 200: Account, ...problemResponses } } },
    async (request) => updateAccount(db, requireActor(request), request.params.id, request.body, contextOf(request)),
  );

  app.delete(
    '/api/v1/accounts/:id',
    { schema: { tags, summary: 'Delete an account (soft)', params: IdParams, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await deleteAccount(db, requireActor(request), request.params.id, contextOf(request));
      return reply.code(204).send(null);
    },
  );
}
