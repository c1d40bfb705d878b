// Schemas shared by the contact, account and attribute-definition routes.
import { z } from 'zod';
import { Id } from '../schemas.ts';

export const AttributeValue = z.union([z.string(), z.number(), z.boolean()]);
export const Attributes = z
  .record(z.string(), AttributeValue)
  .meta({ id: 'Attributes', description: 'Custom attributes by key, as defined under attribute definitions' });
/** What a caller may send: any value is checked against the definition (null removes it). */
export const AttributesInput = z.record(z.string().max(63), z.union([AttributeValue, z.null()]));

const Text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
export const ExternalId = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

/** Owner and unit by id or by external key; each pair is exclusive in practice (the id wins). */
export const References = {
  ownerMemberId: Id.nullable().optional(),
  ownerEmail: z.string().max(320).nullable().optional(),
  ownerExternalId: Text(200).nullable().optional(),
  unitId: Id.optional(),
  unitExternalId: Text(200).optional(),
};

export const ContactBody = z.object({
  externalId: ExternalId.nullable().optional(),
  email: Text(320).nullable().optional(),
  phone: Text(50).nullable().optional(),
  firstName: Text(200).nullable().optional(),
  lastName: Text(200).nullable().optional(),
  language: Text(35).nullable().optional(),
  timeZone: Text(64).nullable().optional(),
  segment: Text(200).nullable().optional(),
  consent: z.enum(['unknown', 'granted', 'withdrawn']).optional(),
  accountId: Id.nullable().optional(),
  accountExternalId: Text(200).nullable().optional(),
  ...References,
  attributes: AttributesInput.optional(),
});

export const Contact = z
  .object({
    id: Id,
    externalId: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    language: z.string().nullable(),
    timeZone: z.string().nullable(),
    accountId: Id.nullable(),
    ownerMemberId: Id.nullable(),
    unitId: Id,
    segment: z.string().nullable(),
    attributes: Attributes,
    consent: z.enum(['unknown', 'granted', 'withdrawn']),
    optedOutAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    erasedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Contact' });

export const Account = z
  .object({
    id: Id,
    externalId: z.string().nullable(),
    name: z.string(),
    segment: z.string().nullable(),
    revenue: z.number().nullable(),
    ownerMemberId: Id.nullable(),
    unitId: Id,
    attributes: Attributes,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Account' });

const NameOf = (what: string) =>
  z
    .string()
    .nullable()
    .meta({ description: `The ${what}'s name; null when there is none or you may not see it` });

/** A contact in a list: with the names of its unit, owner and account, so a list needs no lookups. */
export const ContactListItem = Contact.extend({ unitName: NameOf('unit'), ownerName: NameOf('owner'), accountName: NameOf('account') }).meta({
  id: 'ContactListItem',
});

/** An account in a list: with the names of its unit and owner. */
export const AccountListItem = Account.extend({ unitName: NameOf('unit'), ownerName: NameOf('owner') }).meta({ id: 'AccountListItem' });

/** The answer to a bulk upsert: counts, and one entry per input row in input order. */
export const batchResult = (id: string) =>
  z
    .object({
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      items: z.array(z.object({ index: z.number().int(), id: Id, outcome: z.enum(['created', 'updated', 'unchanged']) })),
    })
    .meta({ id });

export const BooleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const ContactSurveyHistory = z
  .object({
    invitations: z.array(
      z.object({
        id: Id,
        surveyId: Id,
        surveyName: z.string(),
        language: z.string().nullable(),
        createdAt: z.iso.datetime(),
        expiresAt: z.iso.datetime(),
        openedAt: z.iso.datetime().nullable(),
        respondedAt: z.iso.datetime().nullable(),
        completedAt: z.iso.datetime().nullable(),
      }),
    ),
    responses: z.array(
      z.object({
        id: Id,
        surveyId: Id,
        surveyName: z.string(),
        version: z.number().int(),
        channel: z.enum(['email', 'link', 'kiosk', 'api']),
        language: z.string(),
        score: z.number().int().nullable(),
        category: z.enum(['promoter', 'passive', 'detractor']).nullable(),
        startedAt: z.iso.datetime(),
        completedAt: z.iso.datetime().nullable(),
        answers: z.array(z.object({ questionKey: z.string(), question: z.string(), value: z.union([z.number(), z.string(), z.array(z.string()), z.null()]) })),
      }),
    ),
  })
  .meta({
    id: 'ContactSurveyHistory',
    description: 'Personal survey links and the answers given (answers to anonymous surveys are never linked to a contact).',
  });
