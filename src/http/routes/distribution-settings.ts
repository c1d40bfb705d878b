// Sending settings of the workspace (quarantine, limits, send window, reminder, SMTP) and a test
// of its SMTP connection. Survey overrides are set through PATCH /surveys/{id}.
import { getDistributionSettings, testSmtp, updateDistributionSettings } from '../../domain/distribution/index.ts';
import { contextOf, requireActor } from '../plugins/auth.ts';
import { problemResponses } from '../schemas.ts';
import type { App, Deps } from '../types.ts';
import { DistributionSettings, DistributionSettingsInput, SmtpTestBody, SmtpTestResult } from './distribution-settings-schemas.ts';

const tags = ['Distribution'];

export function distributionSettingsRoutes(app: App, deps: Deps) {
  const db = deps.database.db;

  app.get(
    '/api/v1/distribution/settings',
    {
      schema: {
        tags,
        summary: 'The sending settings (managers and analysts read them without the SMTP block)',
        response: { 200: DistributionSettings, ...problemResponses },
      },
    },
    async (request) => getDistributionSettings(db, requireActor(request)),
  );

  app.put(
    '/api/v1/distribution/settings',
    {
      schema: {
        tags,
        summary: 'Change the sending settings (owner, admin, write keys)',
        description:
          'Fields left out keep their value. `smtp.password` is write-only: a string sets it (stored encrypted), null removes it, leaving it out keeps it.',
        body: DistributionSettingsInput,
        response: { 200: DistributionSettings, ...problemResponses },
      },
    },
    async (request) => updateDistributionSettings(db, requireActor(request), request.body, deps.config, contextOf(request)),
  );

  app.post(
    '/api/v1/distribution/settings/smtp-test',
    {
      schema: {
        tags,
        summary: 'Connect to the saved SMTP server and sign in (owner, admin, write keys)',
        description:
          "Tests the saved settings (the server's SMTP_URL when the workspace has no host). A failed connection is `ok: false` with the server's answer, not an error. With `to`, a short test email is sent too.",
        body: SmtpTestBody,
        response: { 200: SmtpTestResult, ...problemResponses },
      },
    },
    async (request) => testSmtp(db, requireActor(request), deps.config, { to: request.body.to }),
  );
}
