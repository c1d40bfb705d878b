// Request and response schemas of the survey and touchpoint routes.
import { z } from 'zod';
import { SurveyDistribution } from '../../domain/distribution/index.ts';
import { LanguageSchema, LocalizedText, SurveyDefinition } from '../../domain/surveys/index.ts';
import { Id, Name, PageQuery } from '../schemas.ts';

export const SurveyKind = z.enum(['relationship_nps', 'transactional_nps', 'enps', 'csat', 'ces', 'custom']).meta({ id: 'SurveyKind' });
export const SurveyStatus = z.enum(['draft', 'active', 'closed']).meta({ id: 'SurveyStatus' });

export const Survey = z
  .object({
    id: Id,
    name: z.string(),
    kind: SurveyKind,
    status: SurveyStatus,
    anonymous: z.boolean(),
    minGroupSize: z.number().int(),
    slug: z.string().meta({ description: 'The public link is /l/{slug}, the kiosk /k/{slug}.' }),
    publicLinkEnabled: z.boolean(),
    kioskEnabled: z.boolean(),
    touchpointId: Id.nullable(),
    linkValidityDays: z.number().int(),
    distribution: SurveyDistribution,
    currentVersion: z.number().int().nullable().meta({ description: 'The version respondents get; null until the first publish.' }),
    publishedAt: z.iso.datetime().nullable(),
    draftRevision: z.number().int(),
    hasUnpublishedChanges: z.boolean(),
    responseCount: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    closedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Survey' });

export const SurveyDetail = Survey.extend({
  draft: SurveyDefinition,
  problems: z
    .array(z.object({ field: z.string(), message: z.string() }))
    .meta({ description: 'What stops the draft being published, besides untranslated texts.' }),
  untranslated: z.array(z.object({ id: z.string(), language: z.string() })).meta({ description: 'Texts without a value in one of the survey languages.' }),
}).meta({ id: 'SurveyDetail' });

export const SurveyVersion = z
  .object({
    version: z.number().int(),
    publishedAt: z.iso.datetime(),
    publishedBy: z.object({ id: Id, name: z.string() }).nullable(),
    responseCount: z.number().int(),
  })
  .meta({ id: 'SurveyVersion' });
export const SurveyVersionDetail = SurveyVersion.extend({ definition: SurveyDefinition }).meta({ id: 'SurveyVersionDetail' });

export const ListSurveysQuery = PageQuery.extend({ status: SurveyStatus.optional(), kind: SurveyKind.optional() });

export const CreateSurveyBody = z
  .object({
    name: Name,
    kind: SurveyKind.optional().meta({ description: 'Required with `definition`; taken from the template otherwise.' }),
    anonymous: z
      .boolean()
      .optional()
      .meta({ description: "Default: the template's, else true for eNPS and false otherwise. Cannot change once the survey has responses." }),
    definition: SurveyDefinition.optional(),
    template: z.string().max(100).optional().meta({ description: 'Start from a template (GET /api/v1/survey-templates) instead of a definition.' }),
    languages: z
      .array(LanguageSchema)
      .min(1)
      .max(6)
      .optional()
      .meta({ description: "With a template: keep only these of its languages; the first is the default unless the template's default is among them." }),
  })
  .superRefine((body, ctx) => {
    if (body.template === undefined && body.definition === undefined)
      ctx.addIssue({ code: 'custom', path: ['definition'], message: 'give a definition, or a template to start from' });
    if (body.template !== undefined && body.definition !== undefined)
      ctx.addIssue({ code: 'custom', path: ['template'], message: 'give either a template or a definition, not both' });
    if (body.definition !== undefined && body.kind === undefined) ctx.addIssue({ code: 'custom', path: ['kind'], message: 'is required with a definition' });
    if (body.template !== undefined && body.kind !== undefined)
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'comes from the template; leave it out' });
    if (body.template === undefined && body.languages !== undefined)
      ctx.addIssue({ code: 'custom', path: ['languages'], message: 'only applies with a template; set languages in the definition' });
  });

export const SurveyTemplate = z
  .object({
    id: z.string(),
    kind: SurveyKind,
    anonymous: z.boolean(),
    name: LocalizedText,
    description: LocalizedText,
    languages: z.array(LanguageSchema),
    questionCount: z.number().int(),
    definition: SurveyDefinition,
  })
  .meta({ id: 'SurveyTemplate' });

const wholeDays = (min: number, max: number) => {
  const message = `must be a whole number of days from ${min} to ${max}`;
  return z.number({ message }).int(message).min(min, message).max(max, message);
};
/** SurveyDistribution with messages for people; the domain checks the same shape again. */
const SurveyDistributionChange = z
  .object({
    reminderDays: wholeDays(3, 7).nullable().optional().meta({ description: 'Days until the one reminder; null: no reminders for this survey.' }),
    quarantineInvitedDays: wholeDays(0, 730).optional(),
    quarantineAnsweredDays: wholeDays(0, 730).optional(),
  })
  .strict();

export const UpdateSurveyBody = z.object({
  name: Name.optional(),
  anonymous: z.boolean().optional(),
  minGroupSize: z.number().int().min(1).max(1000).optional(),
  publicLinkEnabled: z.boolean().optional(),
  kioskEnabled: z.boolean().optional(),
  touchpointId: Id.nullable().optional(),
  linkValidityDays: z.number().int().min(1).max(366).optional(),
  distribution: SurveyDistributionChange.optional().meta({
    description: "Replaces the survey's own reminder and quarantine; a key left out uses the workspace's sending settings, {} uses them for all.",
  }),
});

export const DraftBody = z.object({
  definition: SurveyDefinition,
  revision: z.number().int().min(1).meta({ description: 'The draftRevision you edited; a stale one is refused with 409.' }),
});

export const VersionParams = z.object({ id: Id, version: z.coerce.number().int().min(1, 'must be a version number, 1 or more') });

const Property = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
export const CreateLinkBody = z
  .object({
    contactId: Id.optional(),
    contactExternalId: z.string().trim().min(1).max(200).optional(),
    language: LanguageSchema.optional(),
    properties: z
      .record(z.string().min(1).max(60), Property)
      .refine((value) => Object.keys(value).length <= 50, 'at most 50 properties')
      .optional(),
  })
  .refine((body) => (body.contactId === undefined) !== (body.contactExternalId === undefined), {
    message: 'give exactly one of contactId and contactExternalId',
    path: ['contactId'],
  });

export const PersonalLink = z.object({ invitationId: Id, token: z.string(), url: z.string(), expiresAt: z.iso.datetime() }).meta({ id: 'PersonalLink' });

export const Touchpoint = z
  .object({ id: Id, key: z.string(), name: z.string(), description: z.string().nullable(), position: z.number().int() })
  .meta({ id: 'Touchpoint' });
const Description = z.string().trim().max(1000).nullable().optional();
export const CreateTouchpointBody = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a lowercase identifier such as delivery or after_sales (a–z, 0–9, _; at most 40)'),
  name: Name,
  description: Description,
  position: z.number().int().min(0).max(10_000).optional(),
});
export const UpdateTouchpointBody = z.object({ name: Name.optional(), description: Description, position: z.number().int().min(0).max(10_000).optional() });
