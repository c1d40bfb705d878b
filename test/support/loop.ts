// An organisation for closed-loop tests, and answering a survey through the real respondent pages.
//
//   root (Hygge) ── Region North (manager Rikke) ── Branch Aarhus (manager Bo)
//   Frontline Freja (a user in Aarhus) owns some contacts; Lars is the programme lead (root).
import { randomBytes, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { Database } from '../../src/db/index.ts';
import type { SurveyDefinition } from '../../src/domain/surveys/definition.ts';
import type { App } from '../../src/http/types.ts';
import { seedUser, seedWorkspace } from './app.ts';
import { NPS_SURVEY, seedContact, seedInvitation, seedSurvey } from './surveys.ts';

/** The respondent test survey, asking "may we contact you" under the key the default rule looks for. */
export const LOOP_SURVEY: SurveyDefinition = JSON.parse(JSON.stringify(NPS_SURVEY).replaceAll('"contact_ok"', '"may_contact"'));

export interface LoopWorld {
  workspaceId: string;
  rootUnitId: string;
  regionId: string;
  branchId: string;
  /** Managers and the frontline person sign in (password TEST_PASSWORD). */
  managers: { region: { memberId: string; email: string }; branch: { memberId: string; email: string } };
  frontline: { memberId: string; email: string };
  lead: { memberId: string; email: string };
  ownerEmail: string;
  surveyId: string;
}

async function unit(database: Database, workspaceId: string, parent: { id: string; path: string }, name: string, managerMemberId?: string) {
  const id = randomUUID();
  const path = `${parent.path}${id}/`;
  await database.db
    .insertInto('units')
    .values({ id, workspace_id: workspaceId, parent_id: parent.id, name, path, manager_member_id: managerMemberId ?? null })
    .execute();
  return { id, path };
}

export async function seedLoopWorld(database: Database, tag = randomBytes(3).toString('hex')): Promise<LoopWorld> {
  const ownerEmail = `owner-${tag}@hygge.test`;
  const seeded = await seedWorkspace(database, `Hygge ${tag}`, ownerEmail);
  const root = await database.db.selectFrom('units').select(['id', 'path']).where('id', '=', seeded.rootUnitId).executeTakeFirstOrThrow();
  const region = await unit(database, seeded.workspaceId, root, 'Region North');
  const branch = await unit(database, seeded.workspaceId, region, 'Branch Aarhus');
  const person = async (name: string, role: 'manager' | 'frontline' | 'analyst', unitId: string) => {
    const email = `${name}-${tag}@hygge.test`;
    const { memberId } = await seedUser(database, seeded.workspaceId, email, role, unitId);
    await database.db
      .updateTable('members')
      .set({ name: name[0]?.toUpperCase() + name.slice(1) })
      .where('id', '=', memberId)
      .execute();
    return { memberId, email };
  };
  const managers = { region: await person('rikke', 'manager', region.id), branch: await person('bo', 'manager', branch.id) };
  await database.db.updateTable('units').set({ manager_member_id: managers.region.memberId }).where('id', '=', region.id).execute();
  await database.db.updateTable('units').set({ manager_member_id: managers.branch.memberId }).where('id', '=', branch.id).execute();
  const frontline = await person('freja', 'frontline', branch.id);
  const lead = await person('lars', 'analyst', seeded.rootUnitId);
  const { surveyId } = await seedSurvey(database, seeded.workspaceId, { definition: LOOP_SURVEY, name: `Relationship ${tag}` });
  return {
    workspaceId: seeded.workspaceId,
    rootUnitId: seeded.rootUnitId,
    regionId: region.id,
    branchId: branch.id,
    managers,
    frontline,
    lead,
    ownerEmail,
    surveyId,
  };
}

/** A contact in the unit (owned by the member when given) with a personal link to the world's survey. */
export async function contactWithLink(database: Database, world: LoopWorld, unitId: string, ownerMemberId: string | null, language = 'en') {
  const contactId = await seedContact(database, world.workspaceId, unitId, { firstName: 'Karen', language });
  await database.db.updateTable('contacts').set({ owner_member_id: ownerMemberId, last_name: 'Blixen' }).where('id', '=', contactId).execute();
  const token = await seedInvitation(database, { workspaceId: world.workspaceId, surveyId: world.surveyId, contactId, language });
  return { contactId, token };
}

const hiddenFields = (html: string): Record<string, string> =>
  Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1] as string, m[2] as string]));

/**
 * Answers the survey through /s/{token} as a browser would: page by page, giving each shown
 * question of `answers` its value, until the thank-you page. Returns the response id.
 */
export async function answerThroughPages(app: App, database: Database, token: string, answers: Record<string, string>): Promise<string> {
  let url = `/s/${token}`;
  for (let page = 0; page < 10; page++) {
    const shown: LightMyRequestResponse = await app.inject({ method: 'GET', url });
    if (shown.statusCode !== 200) throw new Error(`GET ${url}: ${shown.statusCode}`);
    const fields = Object.fromEntries(Object.entries(answers).filter(([key]) => shown.body.includes(`name="${key}"`)));
    const posted = await app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...hiddenFields(shown.body), ...fields }).toString(),
    });
    if (posted.statusCode !== 303) throw new Error(`POST ${url}: ${posted.statusCode} ${posted.body.slice(0, 300)}`);
    url = posted.headers.location as string;
    if (url.includes('/thanks')) break;
  }
  const invitation = await database.db.selectFrom('survey_invitations').select('id').where('token', '=', token).executeTakeFirstOrThrow();
  const response = await database.db
    .selectFrom('responses')
    .select(['id', 'completed_at'])
    .where('invitation_id', '=', invitation.id)
    .executeTakeFirstOrThrow();
  if (!response.completed_at) throw new Error('the response did not finish');
  return response.id;
}
