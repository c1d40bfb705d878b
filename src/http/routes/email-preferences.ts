// The signed-in person's own email preferences (today: the weekly insight digest). Each person
// sets only their own, whatever their role; API keys are not people and have none (403).
import { z } from 'zod';
import { EmailPreferencesUpdate, getEmailPreferences, updateEmailPreferences } from '../../domain/digest/index.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';

const EmailPreferences = z
  .object({
    weeklyDigest: z.boolean().meta({ description: 'Whether you want the weekly insight digest.' }),
    weeklyDigestOptedOutAt: z.iso.datetime().nullable().meta({ description: 'When you stopped it; null while you want it.' }),
    receivesWeeklyDigest: z.boolean().meta({ description: 'Whether it comes: it goes to managers and frontline members who want it.' }),
  })
  .meta({ id: 'EmailPreferences' });

const tags = ['Email preferences'];

export function emailPreferenceRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/me/email-preferences',
    { schema: { tags, summary: 'Your own email preferences (people only, not API keys)', response: { 200: EmailPreferences, ...problemResponses } } },
    async (request) => getEmailPreferences(db, requireActor(request)),
  );

  app.put(
    '/api/v1/me/email-preferences',
    {
      schema: {
        tags,
        summary: 'Change your own email preferences (audited)',
        description:
          'The weekly insight digest goes every Monday morning (in the loop calendar’s time zone) to managers and frontline members: their NPS of the week before with its margin of error and change, new comments and open cases.',
        body: EmailPreferencesUpdate,
        response: { 200: EmailPreferences, ...problemResponses },
      },
    },
    async (request) => updateEmailPreferences(db, requireActor(request), request.body, contextOf(request)),
  );
}
