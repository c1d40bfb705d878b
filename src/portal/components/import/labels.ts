// Words for imports as people read them: the contact fields a column can fill, statuses and counts.
import type { ContactField } from '../../../domain/imports/mapping.ts';
import type { Import } from '../../api.ts';
import { formatNumber } from '../../format.ts';

/** Every contact field a column can fill; typed by the server's list, so a new field must be named here. */
export const FIELD_LABELS: Record<ContactField, string> = {
  externalId: 'External ID (your CRM’s customer number)',
  email: 'Email',
  phone: 'Phone',
  firstName: 'First name',
  lastName: 'Last name',
  name: 'Full name (split into first and last)',
  language: 'Language',
  timeZone: 'Time zone',
  accountExternalId: 'Account: external ID',
  accountName: 'Account: name',
  ownerEmail: 'Owner: member’s email',
  ownerExternalId: 'Owner: member’s external ID',
  unitExternalId: 'Unit: external ID',
  unitName: 'Unit: name',
  segment: 'Segment',
  consent: 'Consent (yes or no)',
};

export const POLICY_LABELS = {
  skip_bad_rows: { label: 'Import the good rows, skip the rows with problems', hint: 'Every skipped row is listed in the report with what to fix.' },
  reject_file: {
    label: 'Import nothing if any row has a problem',
    hint: 'For files that must arrive complete. Fix the rows in the report and upload the file again.',
  },
} as const;

export const OWNER_LABELS = {
  report: {
    label: 'Report them as problems',
    hint: 'A row whose owner is not a member of the workspace is skipped and listed in the report.',
  },
  create: {
    label: 'Add them as members without login',
    hint: 'They can own contacts right away; invite them to sign in later if they should.',
  },
} as const;

export const isActive = (item: Pick<Import, 'status'>) => item.status === 'queued' || item.status === 'running';

/** "Checked", "Imported", "Rejected"… with the badge colour that goes with it. */
export function statusOf(item: Pick<Import, 'status' | 'dryRun'>): { label: string; tone: 'success' | 'warning' | 'danger' | 'neutral' } {
  switch (item.status) {
    case 'queued':
      return { label: 'Waiting', tone: 'neutral' };
    case 'running':
      return { label: item.dryRun ? 'Checking' : 'Importing', tone: 'neutral' };
    case 'succeeded':
      return item.dryRun ? { label: 'Checked (dry run)', tone: 'neutral' } : { label: 'Imported', tone: 'success' };
    case 'rejected':
      return { label: item.dryRun ? 'Would be rejected' : 'Rejected', tone: 'warning' };
    case 'failed':
      return { label: 'Failed', tone: 'danger' };
  }
}

/** "2 created, 1 updated, 4 skipped": what an import did (or, in a dry run, would do). */
export function countsSummary(item: Pick<Import, 'counts'>): string {
  if (!item.counts) return '';
  const { created, updated, unchanged, skipped } = item.counts;
  const parts = [`${formatNumber(created)} created`, `${formatNumber(updated)} updated`];
  if (unchanged > 0) parts.push(`${formatNumber(unchanged)} unchanged`);
  if (skipped > 0) parts.push(`${formatNumber(skipped)} skipped`);
  return parts.join(', ');
}

export function fileSize(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024)} KB`;
  return `${formatNumber(bytes / 1024 / 1024)} MB`;
}

export const reportUrl = (id: string) => `/api/v1/imports/${id}/report.csv`;
