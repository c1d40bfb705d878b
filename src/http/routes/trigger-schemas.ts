// Request and response schemas of the trigger-rule and event routes.
import { z } from 'zod';
import { EventType, TriggerCondition, TriggerDelay, TriggerRuleInput, TriggerRulePatch } from '../../domain/distribution/index.ts';
import { Id, PageQuery } from '../schemas.ts';
import { ContactBody } from './contact-schemas.ts';

const Condition = TriggerCondition.meta({
  id: 'TriggerCondition',
  description:
    'field: properties.<key>, contact.segment, contact.language, contact.unitId (the unit or any unit below it) or contact.attributes.<key>. ' +
    'op: equals, not_equals, in (value is a list), exists, not_exists (no value), gt, lt (value is a number or an ISO date).',
});
const Delay = TriggerDelay.meta({
  id: 'TriggerDelay',
  description:
    '{"kind":"after","minutes":n} (0–43200) after the event occurred, or {"kind":"next_business_day","at":"10:00"}: the next send-window weekday ' +
    "after the event's local day, at that local time in the contact's time zone (else the workspace's).",
});

export const TriggerRuleBody = TriggerRuleInput.extend({ conditions: z.array(Condition).max(20, 'must hold at most 20 conditions').default([]), delay: Delay });
export const TriggerRulePatchBody = TriggerRulePatch.extend({
  conditions: z.array(Condition).max(20, 'must hold at most 20 conditions').optional(),
  delay: Delay.optional(),
});

export const TriggerRule = z
  .object({
    id: Id,
    name: z.string(),
    eventType: z.string(),
    surveyId: Id,
    surveyName: z.string(),
    surveyStatus: z.enum(['draft', 'active', 'closed']).meta({ description: 'Events schedule invitations only while the survey is active.' }),
    conditions: z.array(Condition),
    delay: Delay,
    dedupeDays: z.number().int(),
    enabled: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'TriggerRule' });

const PropertyValue = z.union([z.string().max(2000, 'must be at most 2000 characters'), z.number(), z.boolean(), z.null()]);
const Properties = z
  .record(z.string().min(1, 'a key must not be empty').max(100, 'a key must be at most 100 characters'), PropertyValue)
  .refine((properties) => Object.keys(properties).length <= 50, 'must hold at most 50 keys')
  .meta({ description: 'Flat: strings, numbers, booleans or null. Kept with the invitation and its answer (technician, order number…).' });

export const EventBody = z.object({
  type: EventType,
  contact: ContactBody.extend({ id: Id.optional() })
    .refine((contact) => contact.id !== undefined || contact.externalId || contact.email, {
      message: 'must name the contact by id, externalId or email',
    })
    .meta({
      description:
        'By id (the contact must exist), or by externalId or email: a contact not yet known is created. The other fields are written to the contact as in POST /contacts/batch.',
    }),
  occurredAt: z.iso
    .datetime({ offset: true, message: 'must be an ISO date and time such as 2026-10-25T09:30:00Z' })
    .optional()
    .meta({ description: 'Default: now. At most 5 minutes in the future.' }),
  properties: Properties.optional(),
  idempotencyKey: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'A repeat with the same key and body within 24 hours answers 200 with the first answer and records nothing; another body is 409.' }),
});

const Outcome = z
  .object({
    ruleId: Id,
    invitationId: Id.nullable(),
    scheduledAt: z.iso.datetime().nullable(),
    skipReason: z
      .enum(['survey_closed', 'duplicate'])
      .nullable()
      .meta({ description: 'survey_closed: the survey is not active (no invitation). duplicate: this rule invited the contact within its dedupeDays.' }),
  })
  .meta({ id: 'EventOutcome' });

export const RecordedEvent = z.object({ eventId: Id, contactId: Id, invitations: z.array(Outcome) }).meta({ id: 'RecordedEvent' });

export const DistributionEvent = z
  .object({
    id: Id,
    type: z.string(),
    contactId: Id.nullable(),
    contactLabel: z.string().nullable(),
    occurredAt: z.iso.datetime(),
    receivedAt: z.iso.datetime(),
    properties: z.record(z.string(), PropertyValue),
    outcome: z.array(Outcome.extend({ ruleName: z.string().nullable(), invitationStatus: z.string().nullable() })),
  })
  .meta({ id: 'DistributionEvent' });

export const ListEventsQuery = PageQuery.extend({ type: EventType.optional() });
