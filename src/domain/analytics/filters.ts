// The filters every analytics view takes, and how they become SQL conditions on `responses` (alias r,
// joined to its survey s). Period, surveys, touchpoints, channels, languages, unit subtree, owner and
// segment read the response's own columns (the snapshot taken at answering time); contact attributes
// read the contact's current attributes.
import { type RawBuilder, sql } from 'kysely';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Db } from '../../db/index.ts';
import { type Actor, seesWholeWorkspace } from '../access/index.ts';

export const ANALYTICS_CHANNELS = ['email', 'link', 'kiosk', 'api'] as const;
export const NPS_CATEGORIES = ['promoter', 'passive', 'detractor'] as const;
export const UNIT_BASES = ['snapshot', 'current'] as const;
export const DEFAULT_PERIOD_DAYS = 90;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const Uuid = z.uuid({ message: 'must be a UUID such as 3f0c6f5e-8a43-4b8e-9c1e-2b7f1f0e5d2a' });
const isInstant = (value: string) => z.iso.date().safeParse(value).success || z.iso.datetime({ offset: true }).safeParse(value).success;

/** A whole day as the filter gave it (YYYY-MM-DD). Until the workspace's time zone is known it stands
 * for the day's start (`from`) or the next day's start (`to`) in UTC; `periodOf` moves it to the zone. */
export class CalendarDay extends Date {
  constructor(
    readonly day: string,
    readonly edge: 'start' | 'end',
  ) {
    super(Date.parse(`${day}T00:00:00Z`) + (edge === 'end' ? 86_400_000 : 0));
  }

  /** The same edge of the day in `timeZone`. */
  inZone(timeZone: string): Date {
    const start = DateTime.fromISO(this.day, { zone: timeZone });
    return (this.edge === 'end' ? start.plus({ days: 1 }) : start).toJSDate();
  }
}

/** A date-time, or a whole day of the workspace's time zone: as `from` its start, as `to` the next day's start. */
const instant = (edge: 'start' | 'end') =>
  z
    .string()
    .refine(isInstant, { message: 'must be an ISO 8601 date such as 2026-03-31 or a date-time such as 2026-03-31T09:00:00Z' })
    .transform((value): Date => (DAY.test(value) ? new CalendarDay(value, edge) : new Date(value)));

/** A query string gives one value as a string and repeated ones as an array; both become an array. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (value === undefined || Array.isArray(value) ? value : [value]), z.array(item).max(100, 'must have at most 100 values'));

/** A query string says true/false as text. */
const flag = z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean({ message: 'must be true or false' }));

const FilterFields = z.object({
  from: instant('start')
    .optional()
    .meta({
      description: `Answers from this moment (a date means its start in the workspace's time zone). Default: ${DEFAULT_PERIOD_DAYS} days before \`to\`.`,
    }),
  to: instant('end')
    .optional()
    .meta({ description: "Answers before this moment (a date includes that whole day in the workspace's time zone). Default: now." }),
  surveyIds: list(Uuid).optional(),
  touchpointIds: list(Uuid).optional(),
  channels: list(z.enum(ANALYTICS_CHANNELS, { message: `must be one of ${ANALYTICS_CHANNELS.join(', ')}` })).optional(),
  languages: list(z.string().min(2).max(20)).optional(),
  unitId: Uuid.optional().meta({ description: 'Answers given while the contact was placed in this unit (or, with unitBasis=current, placed there now).' }),
  includeSubunits: flag.default(true).meta({ description: 'Include the units below unitId. Default true.' }),
  unitBasis: z
    .enum(UNIT_BASES, { message: 'must be snapshot or current' })
    .default('snapshot')
    .meta({ description: "snapshot: the unit at answering time (default); current: the contact's unit today." }),
  ownerMemberId: Uuid.optional().meta({ description: 'The contact owner at answering time.' }),
  segment: z.string().min(1).max(200).optional().meta({ description: 'The segment at answering time.' }),
  attributes: z
    .record(z.string().min(1).max(100), z.string().max(500))
    .optional()
    .meta({ description: "Contact attributes (today's values), each compared as text; anonymous answers never match." }),
  category: z.enum(NPS_CATEGORIES, { message: 'must be promoter, passive or detractor' }).optional(),
  hasComment: flag.optional().meta({ description: 'true: only answers with a written (text) answer; false: only those without.' }),
});

/** Refinement: a period that ends before it starts is named on `from`. */
const periodInOrder = (filter: { from?: Date; to?: Date }) => !filter.from || !filter.to || filter.from.getTime() < filter.to.getTime();
const PERIOD_MESSAGE = { message: 'must be before to', path: ['from'] };

export const AnalyticsFilter = FilterFields.refine(periodInOrder, PERIOD_MESSAGE).meta({ id: 'AnalyticsFilter' });

export type AnalyticsFilterInput = z.input<typeof AnalyticsFilter>;
export type ParsedAnalyticsFilter = z.output<typeof AnalyticsFilter>;

export interface Period {
  from: Date;
  to: Date;
}

/** Days, weeks, months and quarters are cut in the workspace's time zone (its sending settings), else UTC. */
export async function workspaceTimeZone(db: Db, workspaceId: string): Promise<string> {
  const row = await db.selectFrom('distribution_settings').select('time_zone').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row?.time_zone ?? 'UTC';
}

/** The period of a filter: `to` defaults to now and `from` to 90 days before it; whole days are cut in
 * the workspace's time zone (read only when the filter names one). */
export async function periodOf(db: Db, workspaceId: string, filter: ParsedAnalyticsFilter, now: Date): Promise<Period> {
  const days = [filter.from, filter.to].some((edge) => edge instanceof CalendarDay);
  const timeZone = days ? await workspaceTimeZone(db, workspaceId) : 'UTC';
  const inZone = (edge: Date | undefined) => (edge instanceof CalendarDay ? edge.inZone(timeZone) : edge);
  const to = inZone(filter.to) ?? now;
  return { from: inZone(filter.from) ?? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * 86_400_000), to };
}

const subtreeOf = (workspaceId: string, unitId: string) =>
  sql`(select u.id from units u where u.workspace_id = ${workspaceId} and u.path like (select f.path from units f where f.id = ${unitId} and f.workspace_id = ${workspaceId}) || '%')`;

/** What the actor may count: managers the answers given in their subtree (snapshot unit),
 * frontline the answers of contacts they owned, everyone else the whole workspace. */
export function scopeConditions(actor: Actor): RawBuilder<unknown>[] {
  if (actor.kind !== 'user' || seesWholeWorkspace(actor)) return [];
  if (actor.role === 'manager') {
    return [sql`r.unit_id in (select u.id from units u where u.workspace_id = ${actor.workspaceId} and u.path like ${`${actor.unitPath}%`})`];
  }
  return [sql`r.owner_member_id = ${actor.memberId}`];
}

/** Whether answer `a` of response `r` is a comment: a non-blank answer to a text question of the
 * version answered. Email and phone questions also store text, but are contact details, never comments. */
export const isComment = sql`btrim(coalesce(a.text_value, '')) <> '' and exists (
  select 1 from survey_versions v
  where v.id = r.survey_version_id
    and jsonb_path_exists(v.definition, '$.pages[*].questions[*] ? (@.key == $key && @.type == "text")', jsonb_build_object('key', a.question_key)))`;

/** The conditions on `responses r` (joined to `surveys s`): workspace, an NPS/CSAT/CES score, the
 * period by started_at (when the first page, with the main question, was answered), the filters,
 * and the actor's scope. */
export function responseConditions(actor: Actor, filter: ParsedAnalyticsFilter, period: Period): RawBuilder<unknown>[] {
  const ws = actor.workspaceId;
  const conditions: RawBuilder<unknown>[] = [
    sql`r.workspace_id = ${ws}`,
    sql`r.score is not null`,
    sql`r.started_at >= ${period.from}`,
    sql`r.started_at < ${period.to}`,
    ...scopeConditions(actor),
  ];
  const anyOf = (column: RawBuilder<unknown>, values: readonly string[] | undefined) => {
    if (values?.length) conditions.push(sql`${column} in (${sql.join(values)})`);
  };
  anyOf(sql`r.survey_id`, filter.surveyIds);
  anyOf(sql`r.touchpoint_id`, filter.touchpointIds);
  anyOf(sql`r.channel`, filter.channels);
  anyOf(sql`r.language`, filter.languages);
  if (filter.unitId) {
    const unitColumn = filter.unitBasis === 'current' ? sql`(select c.unit_id from contacts c where c.id = r.contact_id)` : sql`r.unit_id`;
    conditions.push(filter.includeSubunits ? sql`${unitColumn} in ${subtreeOf(ws, filter.unitId)}` : sql`${unitColumn} = ${filter.unitId}`);
  }
  if (filter.ownerMemberId) conditions.push(sql`r.owner_member_id = ${filter.ownerMemberId}`);
  if (filter.segment) conditions.push(sql`r.segment = ${filter.segment}`);
  for (const [key, value] of Object.entries(filter.attributes ?? {})) {
    // The matching contacts' answers: with responses_contact_idx the plan can start from those contacts.
    conditions.push(sql`r.contact_id in (select c.id from contacts c where c.workspace_id = ${ws} and c.attributes ->> ${key} = ${value})`);
  }
  if (filter.category) conditions.push(sql`r.category = ${filter.category}`);
  if (filter.hasComment !== undefined) {
    const comment = sql`exists (select 1 from response_answers a where a.response_id = r.id and ${isComment})`;
    conditions.push(filter.hasComment ? comment : sql`not ${comment}`);
  }
  return conditions;
}

/** The URL form of the filter, so a view can be shared as a link: arrays as repeated parameters
 * (surveyIds=…&surveyIds=…), booleans as true/false, attributes as repeated attribute=key:value. */
const QueryFields = FilterFields.omit({ attributes: true }).extend({
  attribute: list(z.string().regex(/^[^:]{1,100}:/, 'must be key:value, such as region:north'))
    .optional()
    .meta({ description: "A contact attribute (today's value) as key:value, compared as text; repeat for more." }),
});

/** The URL form of the filter with a view's own parameters (zod refuses to extend a refined object). */
export const analyticsQueryWith = <S extends z.ZodRawShape>(shape: S) => QueryFields.extend(shape).refine(periodInOrder, PERIOD_MESSAGE);

export const AnalyticsQuery = QueryFields.refine(periodInOrder, PERIOD_MESSAGE);

/** The filter of a URL query; a view's own parameters (not filter fields) are left out. */
export function filterFromQuery(query: z.output<typeof AnalyticsQuery>): ParsedAnalyticsFilter {
  const { attribute, ...rest } = query;
  const filter: ParsedAnalyticsFilter = {} as ParsedAnalyticsFilter;
  for (const key of Object.keys(FilterFields.shape) as (keyof ParsedAnalyticsFilter)[]) {
    if (key in rest) Object.assign(filter, { [key]: rest[key as keyof typeof rest] });
  }
  if (!attribute?.length) return filter;
  const at = (pair: string) => pair.indexOf(':');
  return { ...filter, attributes: Object.fromEntries(attribute.map((pair) => [pair.slice(0, at(pair)), pair.slice(at(pair) + 1)])) };
}
