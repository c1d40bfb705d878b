import { z } from 'zod';
import {
  createAttributeDefinition,
  deleteAttributeDefinition,
  getAttributeDefinition,
  listAttributeDefinitions,
  updateAttributeDefinition,
} from '../../domain/contacts/index.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { Id, IdParams, Name, problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';

const tags = ['Contacts'];
const AttributeType = z.enum(['text', 'number', 'date', 'boolean', 'list']);

const AttributeDefinition = z
  .object({
    id: Id,
    key: z.string(),
    label: z.string(),
    type: AttributeType,
    allowedValues: z.array(z.string()).nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'AttributeDefinition' });

const AllowedValues = z.array(z.string().trim().min(1).max(200)).max(500).nullable().optional();
const CreateBody = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a lowercase identifier such as region or contract_type (a–z, 0–9, _; at most 63)'),
  label: Name,
  type: AttributeType,
  allowedValues: AllowedValues,
});
const UpdateBody = z.object({ label: Name.optional(), type: AttributeType.optional(), allowedValues: AllowedValues });

export function attributeDefinitionRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/attribute-definitions',
    {
      schema: {
        tags,
        summary: "The workspace's custom attributes for contacts and accounts",
        response: { 200: z.array(AttributeDefinition), ...problemResponses },
      },
    },
    async (request) => listAttributeDefinitions(db, requireActor(request)),
  );

  app.get(
    '/api/v1/attribute-definitions/:id',
    { schema: { tags, summary: 'One attribute definition', params: IdParams, response: { 200: AttributeDefinition, ...problemResponses } } },
    async (request) => getAttributeDefinition(db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/attribute-definitions',
    {
      schema: {
        tags,
        summary: 'Define an attribute (owner, admin, write keys)',
        body: CreateBody,
        response: { 201: AttributeDefinition, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createAttributeDefinition(db, requireActor(request), request.body, contextOf(request))),
  );

  app.patch(
    '/api/v1/attribute-definitions/:id',
    {
      schema: {
        tags,
        summary: 'Change an attribute; a type or allowed values that stored values do not fit is refused (409)',
        params: IdParams,
        body: UpdateBody,
        response: { 200: AttributeDefinition, ...problemResponses },
      },
    },
    async (request) => updateAttributeDefinition(db, requireActor(request), request.params.id, request.body, contextOf(request)),
  );

  app.delete(
    '/api/v1/attribute-definitions/:id',
    {
      schema: { tags, summary: 'Delete an attribute and every stored value of it', params: IdParams, response: { 204: z.null(), ...problemResponses } },
    },
    async (request, reply) => {
      await deleteAttributeDefinition(db, requireActor(request), request.params.id, contextOf(request));
      return reply.code(204).send(null);
    },
  );
}
