// From the key in a respondent's URL to what the page needs: the survey's published version,
// the personal invitation and contact (personal links), or the reason it cannot be answered.
import type { Db } from '../../db/index.ts';
import { type SurveyDefinition, SurveyDefinition as SurveyDefinitionSchema } from '../surveys/definition.ts';

export type LinkKind = 'personal' | 'public' | 'kiosk';
/** Why a link cannot be answered; each has its own page (404 for unknown, 410 for the rest). */
export type LinkState = 'closed' | 'expired' | 'used' | 'unknown';
export const LINK_STATES: readonly LinkState[] = ['closed', 'expired', 'used', 'unknown'];

export interface ContactFacts {
  id: string;
  firstName: string | null;
  language: string | null;
  segment: string | null;
  attributes: Record<string, unknown>;
  unitId: string;
  ownerMemberId: string | null;
  accountId: string | null;
}

export interface InvitationFacts {
  id: string;
  language: string | null;
  properties: Record<string, unknown>;
}

/** An answerable link. For anonymous surveys `contact` and `invitation` steer the page (language, conditions) but are never stored with answers. */
export interface OpenLink {
  kind: LinkKind;
  workspaceId: string;
  /** {company} in texts: the definition's companyName, else the workspace's name. */
  company: string;
  surveyId: string;
  surveyName: string;
  anonymous: boolean;
  touchpointId: string | null;
  versionId: string;
  definition: SurveyDefinition;
  invitation: InvitationFacts | null;
  contact: ContactFacts | null;
}

export type Resolved = { link: OpenLink } | { state: LinkState; language: string | null };

const surveyColumns = [
  'surveys.id as survey_id',
  'surveys.workspace_id',
  'surveys.name as survey_name',
  'surveys.status',
  'surveys.anonymous',
  'surveys.touchpoint_id',
  'surveys.public_link_enabled',
  'surveys.kiosk_enabled',
  'survey_versions.id as version_id',
  'survey_versions.definition',
  'workspaces.name as workspace_name',
] as const;

/** Resolves /s/{token}, /l/{slug} or /k/{slug}; `thankYou` accepts a finished personal link (its thank-you page). */
export async function resolveLink(db: Db, kind: LinkKind, key: string, options: { thankYou?: boolean; now?: Date } = {}): Promise<Resolved> {
  const now = options.now ?? new Date();
  // Tokens and slugs are URL-safe; anything else cannot exist and is not worth a query.
  if (!/^[A-Za-z0-9_-]{8,100}$/.test(key)) return { state: 'unknown', language: null };
  const base = db
    .selectFrom('surveys')
    .innerJoin('workspaces', 'workspaces.id', 'surveys.workspace_id')
    .leftJoin('survey_versions', 'survey_versions.id', 'surveys.current_version_id');

  if (kind !== 'personal') {
    const row = await base.select(surveyColumns).where('surveys.slug', '=', key).executeTakeFirst();
    const enabled = row && (kind === 'public' ? row.public_link_enabled : row.kiosk_enabled);
    if (!row || !enabled || !row.version_id) return { state: 'unknown', language: null };
    const definition = SurveyDefinitionSchema.parse(row.definition);
    if (row.status === 'closed') return { state: 'closed', language: definition.defaultLanguage };
    return { link: openLink(kind, row, definition, null, null) };
  }

  const row = await base
    .innerJoin('survey_invitations', 'survey_invitations.survey_id', 'surveys.id')
    .innerJoin('contacts', 'contacts.id', 'survey_invitations.contact_id')
    .select(surveyColumns)
    .select([
      'survey_invitations.id as invitation_id',
      'survey_invitations.language as invitation_language',
      'survey_invitations.properties',
      'survey_invitations.expires_at',
      'survey_invitations.completed_at',
      'contacts.id as contact_id',
      'contacts.first_name',
      'contacts.language as contact_language',
      'contacts.segment',
      'contacts.attributes',
      'contacts.unit_id',
      'contacts.owner_member_id',
      'contacts.account_id',
      'contacts.erased_at',
      'contacts.deleted_at',
    ])
    .where('survey_invitations.token', '=', key)
    .executeTakeFirst();
  if (!row?.version_id || row.erased_at || row.deleted_at) return { state: 'unknown', language: null };
  const definition = SurveyDefinitionSchema.parse(row.definition);
  const language = row.invitation_language ?? row.contact_language;
  if (row.status === 'closed') return { state: 'closed', language };
  if (row.completed_at && !options.thankYou) return { state: 'used', language };
  if (row.expires_at <= now && !row.completed_at) return { state: 'expired', language };
  const invitation = { id: row.invitation_id, language: row.invitation_language, properties: row.properties };
  const contact: ContactFacts = {
    id: row.contact_id,
    firstName: row.first_name,
    language: row.contact_language,
    segment: row.segment,
    attributes: row.attributes,
    unitId: row.unit_id,
    ownerMemberId: row.owner_member_id,
    accountId: row.account_id,
  };
  return { link: openLink(kind, row, definition, invitation, contact) };
}

function openLink(
  kind: LinkKind,
  row: {
    workspace_id: string;
    workspace_name: string;
    survey_id: string;
    survey_name: string;
    anonymous: boolean;
    touchpoint_id: string | null;
    version_id: string | null;
  },
  definition: SurveyDefinition,
  invitation: InvitationFacts | null,
  contact: ContactFacts | null,
): OpenLink {
  return {
    kind,
    workspaceId: row.workspace_id,
    company: definition.companyName ?? row.workspace_name,
    surveyId: row.survey_id,
    surveyName: row.survey_name,
    anonymous: row.anonymous,
    touchpointId: row.touchpoint_id,
    versionId: row.version_id as string,
    definition,
    invitation,
    contact,
  };
}

/** The first real view of a personal link (GET without a score; scanners' score fetches do not count). */
export async function markOpened(db: Db, link: OpenLink, now = new Date()): Promise<void> {
  if (!link.invitation) return;
  await db.updateTable('survey_invitations').set({ opened_at: now }).where('id', '=', link.invitation.id).where('opened_at', 'is', null).execute();
}
