// What one member's digest says, gathered with the analytics and loop modules' own functions under
// an actor for that member, so the digest counts exactly what the portal shows them: a manager
// their unit's subtree, a frontline member the customers they own; anonymous (eNPS) surveys below
// their minimum group size are suppressed or left out as there. Nothing here writes.
import type { Db } from '../../db/index.ts';
import type { Role } from '../../db/schema.ts';
import type { SystemActor, UserActor } from '../access/index.ts';
import { AnalyticsFilter, comments, compare, overview, type ParsedAnalyticsFilter } from '../analytics/index.ts';
import { caseKpis, listCases } from '../loop/index.ts';
import {
  type AnalyticsComparisonView,
  type AnalyticsOverviewView,
  CASE_STATUSES,
  type CaseSummaryView,
  CLOSED_CASE_STATUSES,
  type CommentView,
} from '../views.ts';
import type { DigestWeek } from './week.ts';

/** Comments of each kind (promoters, detractors) shown; the portal link has the rest. */
const COMMENTS_SHOWN = 3;
/** Open cases listed, most urgent first; the rest are counted. */
const CASES_LISTED = 5;

export type DigestRole = Extract<Role, 'manager' | 'frontline'>;
export const DIGEST_ROLES: readonly DigestRole[] = ['manager', 'frontline'];

export interface DigestRecipient {
  workspaceId: string;
  workspaceName: string;
  memberId: string;
  userId: string;
  name: string;
  email: string;
  role: DigestRole;
  unitId: string;
  unitPath: string;
  unitName: string;
}

export interface DigestContent {
  recipient: DigestRecipient;
  week: DigestWeek;
  /** a: the week reported, b: the week before, with the z-test of the change. */
  comparison: AnalyticsComparisonView;
  /** The whole workspace's week beside a manager's own; null for frontline members. */
  company: AnalyticsOverviewView | null;
  promoters: CommentView[];
  detractors: CommentView[];
  cases: { open: number; overdue: number; listed: CaseSummaryView[] };
}

const OPEN_STATUSES = CASE_STATUSES.filter((status) => !CLOSED_CASE_STATUSES.includes(status));

/** The analytics filter of a period and nothing else (the actor's scope does the rest). */
export const periodFilter = (from: Date, to: Date): ParsedAnalyticsFilter => AnalyticsFilter.parse({ from: from.toISOString(), to: to.toISOString() });

const actorOf = (recipient: DigestRecipient): UserActor => ({
  kind: 'user',
  workspaceId: recipient.workspaceId,
  userId: recipient.userId,
  memberId: recipient.memberId,
  role: recipient.role,
  unitId: recipient.unitId,
  unitPath: recipient.unitPath,
  label: `weekly digest of ${recipient.name}`,
});

/** The company total managers see beside their own numbers: the week over the whole workspace. */
export function companyWeek(db: Db, workspaceId: string, week: DigestWeek, now: Date): Promise<AnalyticsOverviewView> {
  const server: SystemActor = { kind: 'system', workspaceId, label: 'weekly digest' };
  return overview(db, server, periodFilter(week.from, week.to), now);
}

export async function gatherDigest(
  db: Db,
  recipient: DigestRecipient,
  week: DigestWeek,
  company: AnalyticsOverviewView | null,
  now: Date,
): Promise<DigestContent> {
  const actor = actorOf(recipient);
  const thisWeek = periodFilter(week.from, week.to);
  const comparison = await compare(db, actor, thisWeek, periodFilter(week.previousFrom, week.from), now);
  const newest = async (category: 'promoter' | 'detractor') => (await comments(db, actor, { ...thisWeek, category }, { limit: COMMENTS_SHOWN }, now)).items;
  // Open cases whenever they were created: the KPI aggregate counts them in SQL, the list shows the most urgent.
  const kpis = await caseKpis(db, actor, { from: new Date(0).toISOString(), to: now.toISOString() }, now);
  const listed = await listCases(db, actor, { limit: CASES_LISTED, status: [...OPEN_STATUSES] }, now);
  return {
    recipient,
    week,
    comparison,
    company: recipient.role === 'manager' ? company : null,
    promoters: await newest('promoter'),
    detractors: await newest('detractor'),
    cases: { open: kpis.total.open, overdue: kpis.total.overdue, listed: listed.items },
  };
}

/** Nothing to tell: no answers in the member's scope that week and no open cases. */
export const isEmpty = (content: DigestContent): boolean => !content.comparison.a.suppressed && content.comparison.a.answers === 0 && content.cases.open === 0;
