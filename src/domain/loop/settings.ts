// A workspace's loop settings: the working-time calendar due times are counted in (zone, days,
// hours, explicit holidays and optionally a country's public holidays from date-holidays), the
// default SLA, the programme lead and the root-cause list. One row per workspace, created with the
// migration's defaults on first read.
import Holidays from 'date-holidays';
import { z } from 'zod';
import { type Db, inTransaction } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import { type Actor, canManageLoopSettings, canViewLoopSettings, ensure } from '../access/index.ts';
import { type RequestContext, recordAudit } from '../audit/index.ts';
import { isValidTimeZone } from '../distribution/calendar.ts';
import type { LoopSettingsView } from '../views.ts';
import type { BusinessCalendar } from './business-hours.ts';
import { parseInput } from './parse.ts';

const whole = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.number({ message }).int(message).min(min, message).max(max, message);
};
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-12-24');

/** What PUT /loop-settings takes; a field left out keeps its value. */
export const LoopSettingsUpdate = z
  .object({
    timeZone: z
      .string()
      .max(100)
      .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Copenhagen')
      .meta({ description: 'IANA time zone the working hours are in.' }),
    workdays: z
      .array(whole(1, 7), { message: 'must be a list of ISO weekdays (1 = Monday … 7 = Sunday)' })
      .min(1, 'must name at least one working day')
      .max(7, 'must name each weekday at most once'),
    startMinute: whole(0, 1439).meta({ description: 'Opening, minutes after local midnight (480 = 08:00).' }),
    endMinute: whole(1, 1440).meta({ description: 'Closing (exclusive), minutes after local midnight; after startMinute.' }),
    holidays: z.array(IsoDate).max(1000, 'must be at most 1,000 dates'),
    holidayCountry: z
      .string()
      .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'must be a country code such as DK, optionally with a state: DE-BY')
      .refine((code) => holidayCalendar(code) !== undefined, 'is not a country (or state) with known public holidays')
      .nullable()
      .meta({ description: 'Public holidays of this country (and state) are not working days; null: only the explicit holidays.' }),
    defaultSlaHours: z
      .number({ message: 'must be a number of working hours above 0 and at most 2000' })
      .gt(0, 'must be a number of working hours above 0 and at most 2000')
      .max(2000, 'must be a number of working hours above 0 and at most 2000'),
    programmeLeadMemberId: z.uuid({ message: 'must be the id of a member' }).nullable(),
    rootCauses: z
      .array(z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'))
      .min(1, 'must name at least one root cause')
      .max(50, 'must be at most 50 root causes'),
  })
  .partial()
  .strict()
  .meta({ id: 'LoopSettingsUpdate' });
export type LoopSettingsUpdate = z.infer<typeof LoopSettingsUpdate>;

function holidayCalendar(code: string): Holidays | undefined {
  const [country, state] = code.split('-') as [string, string | undefined];
  const holidays = new Holidays({ types: ['public'] });
  if (!(country in holidays.getCountries())) return undefined;
  if (state !== undefined && !(state in (holidays.getStates(country) ?? {}))) return undefined;
  if (state) holidays.init(country, state);
  else holidays.init(country);
  return holidays;
}

/** Local dates of a country's public holidays in the given years. */
export function countryHolidays(code: string, years: readonly number[]): string[] {
  const holidays = holidayCalendar(code);
  if (!holidays) return [];
  return years.flatMap((year) => holidays.getHolidays(year).map((holiday) => holiday.date.slice(0, 10)));
}

type Row = Awaited<ReturnType<typeof readRow>>;

async function readRow(db: Db, workspaceId: string) {
  await db
    .insertInto('loop_settings')
    .values({ workspace_id: workspaceId })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute();
  return db
    .selectFrom('loop_settings as s')
    .leftJoin('members as m', 'm.id', 's.programme_lead_member_id')
    .selectAll('s')
    .select('m.name as lead_name')
    .where('s.workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
}

const view = (row: Row): LoopSettingsView => ({
  timeZone: row.time_zone,
  workdays: row.workdays,
  startMinute: row.start_minute,
  endMinute: row.end_minute,
  holidays: row.holidays,
  holidayCountry: row.holiday_country,
  defaultSlaHours: row.default_sla_hours,
  programmeLeadMemberId: row.programme_lead_member_id,
  programmeLeadName: row.lead_name,
  rootCauses: row.root_causes,
  updatedAt: row.updated_at.toISOString(),
});

/** What the loop needs of the settings (no access check: the evaluator and the jobs act for the workspace). */
export interface LoopRules {
  calendar: BusinessCalendar;
  defaultSlaHours: number;
  programmeLeadMemberId: string | null;
  rootCauses: string[];
}

/** The settings as the loop uses them; the calendar's holidays cover the years around `now`. */
export async function loadLoopRules(db: Db, workspaceId: string, now: Date): Promise<LoopRules> {
  const row = await readRow(db, workspaceId);
  const year = now.getUTCFullYear();
  const holidays = [...row.holidays, ...(row.holiday_country ? countryHolidays(row.holiday_country, [year - 1, year, year + 1, year + 2]) : [])];
  return {
    calendar: { timeZone: row.time_zone, workdays: row.workdays, startMinute: row.start_minute, endMinute: row.end_minute, holidays },
    defaultSlaHours: row.default_sla_hours,
    programmeLeadMemberId: row.programme_lead_member_id,
    rootCauses: row.root_causes,
  };
}

export async function getLoopSettings(db: Db, actor: Actor): Promise<LoopSettingsView> {
  ensure(canViewLoopSettings(actor), 'read the loop settings');
  return view(await readRow(db, actor.workspaceId));
}

export async function updateLoopSettings(db: Db, actor: Actor, raw: LoopSettingsUpdate, context: RequestContext = {}): Promise<LoopSettingsView> {
  ensure(canManageLoopSettings(actor), 'change the loop settings');
  const input = parseInput(LoopSettingsUpdate, raw);
  return inTransaction(db, async (trx) => {
    const before = view(await readRow(trx, actor.workspaceId));
    const start = input.startMinute ?? before.startMinute;
    const end = input.endMinute ?? before.endMinute;
    if (start >= end) throw AppError.invalid('body.endMinute', `must be after startMinute (${start}); working hours end after they start`);
    if (input.programmeLeadMemberId) {
      const member = await trx
        .selectFrom('members')
        .select('id')
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', input.programmeLeadMemberId)
        .executeTakeFirst();
      if (!member) throw AppError.invalid('body.programmeLeadMemberId', 'must be the id of a member of this workspace');
    }
    await trx
      .updateTable('loop_settings')
      .set({
        ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
        ...(input.workdays !== undefined ? { workdays: [...new Set(input.workdays)].sort() } : {}),
        start_minute: start,
        end_minute: end,
        ...(input.holidays !== undefined ? { holidays: [...new Set(input.holidays)].sort() } : {}),
        ...(input.holidayCountry !== undefined ? { holiday_country: input.holidayCountry } : {}),
        ...(input.defaultSlaHours !== undefined ? { default_sla_hours: input.defaultSlaHours } : {}),
        ...(input.programmeLeadMemberId !== undefined ? { programme_lead_member_id: input.programmeLeadMemberId } : {}),
        ...(input.rootCauses !== undefined ? { root_causes: [...new Set(input.rootCauses)] } : {}),
        updated_at: new Date(),
      })
      .where('workspace_id', '=', actor.workspaceId)
      .execute();
    const after = view(await readRow(trx, actor.workspaceId));
    await recordAudit(
      trx,
      actor,
      { workspaceId: actor.workspaceId, action: 'loop_settings.updated', targetType: 'workspace', targetId: actor.workspaceId, before, after },
      context,
    );
    return after;
  });
}
