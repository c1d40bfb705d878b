// Request and response schemas of the wave routes.
import { z } from 'zod';
import { ContactFilter } from '../../domain/contacts/index.ts';
import { Id, PageQuery } from '../schemas.ts';

export const WaveStatus = z.enum(['scheduled', 'running', 'paused', 'done', 'cancelled']).meta({ id: 'WaveStatus' });
const SurveyStatus = z.enum(['draft', 'active', 'closed']);
const SkipReason = z.enum([
  'recently_invited',
  'recently_answered',
  'account_limit',
  'unsubscribed',
  'no_email',
  'email_invalid',
  'no_consent',
  'contact_deleted',
  'survey_closed',
  'duplicate',
]);
const count = z.number().int();

export const Wave = z
  .object({
    id: Id,
    surveyId: Id,
    surveyName: z.string(),
    surveyStatus: SurveyStatus.meta({ description: 'Planning waits while the survey is a draft (or closed).' }),
    name: z.string(),
    kind: z.enum(['one_off', 'recurring']),
    status: WaveStatus,
    filter: ContactFilter,
    startsAt: z.iso.datetime(),
    everyDays: count.nullable().meta({ description: 'Recurring: each matching contact is invited once per this many days, spread evenly.' }),
    nextRunAt: z.iso.datetime().nullable(),
    lastRunAt: z.iso.datetime().nullable(),
    invitations: z
      .object({ created: count, scheduled: count, queued: count, sent: count, skipped: count, bounced: count, cancelled: count, total: count })
      .meta({ description: "The wave's invitations by status (for a manager: only those to contacts of their subtree)." }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Wave' });

export const WavePreview = z
  .object({
    surveyStatus: SurveyStatus.meta({ description: 'A wave for a draft survey waits until the survey is published.' }),
    matching: count.meta({ description: 'Live contacts matching the filter.' }),
    wouldInvite: count.meta({ description: "Of those, who may be invited now under the survey's sending rules." }),
    skipped: z.partialRecord(SkipReason, count),
    sample: z.array(z.object({ contactId: Id, name: z.string().nullable(), email: z.string().nullable(), reason: SkipReason })).max(20),
  })
  .meta({ id: 'WavePreview' });

export const WavePreviewBody = z.object({ surveyId: Id, filter: ContactFilter }).strict();

export const ListWavesQuery = PageQuery.extend({ surveyId: Id.optional(), status: WaveStatus.optional() });
