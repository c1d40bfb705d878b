// A workspace ready to send a crowd of invitations at once: sending allowed at every hour and
// weekday without an hourly limit, a published survey, consenting contacts, one invitation each
// scheduled a minute ago. The send crash test and bench/send start from it.
import type { Database } from '../../src/db/index.ts';
import { insertEmailInvitations } from '../../src/domain/distribution/index.ts';
import { seedSurvey } from './surveys.ts';

const CHUNK = 1_000;

export async function seedDueInvitations(
  database: Database,
  workspace: { workspaceId: string; unitId: string },
  count: number,
  surveyName?: string,
): Promise<{ surveyId: string; invitationIds: string[] }> {
  const db = database.db;
  await db
    .insertInto('distribution_settings')
    .values({
      workspace_id: workspace.workspaceId,
      window_start_minute: 0,
      window_end_minute: 1440,
      window_weekdays: [1, 2, 3, 4, 5, 6, 7],
      max_per_hour: 1_000_000,
      updated_at: new Date(),
    })
    .execute();
  const { surveyId } = await seedSurvey(database, workspace.workspaceId, surveyName ? { name: surveyName } : {});
  const scheduledAt = new Date(Date.now() - 60_000);
  const invitationIds: string[] = [];
  for (let start = 0; start < count; start += CHUNK) {
    const contacts = await db
      .insertInto('contacts')
      .values(
        Array.from({ length: Math.min(CHUNK, count - start) }, (_, i) => ({
          workspace_id: workspace.workspaceId,
          unit_id: workspace.unitId,
          email: `kunde-${start + i}@example.test`,
          first_name: `Søren ${start + i}`,
          consent: 'granted' as const,
          attributes: '{}',
        })),
      )
      .returning('id')
      .execute();
    invitationIds.push(
      ...(await insertEmailInvitations(
        db,
        workspace.workspaceId,
        contacts.map((contact) => ({ surveyId, contactId: contact.id, scheduledAt, linkValidityDays: 30 })),
      )),
    );
  }
  return { surveyId, invitationIds };
}
