// Request and response schemas of the sending settings routes. The input schema lives in the
// domain (it checks direct calls too); the view is described here.
import { z } from 'zod';
import { SmtpSecurity } from '../../domain/distribution/index.ts';
import { Email } from '../schemas.ts';

export { DistributionSettingsInput } from '../../domain/distribution/index.ts';

export const DistributionSmtp = z
  .object({
    host: z.string().nullable().meta({ description: "null: the server's SMTP_URL is used (without it, emails stay in the outbox)." }),
    port: z.number().int().nullable().meta({ description: 'null: the usual port of the security (465, 587 or 25).' }),
    security: SmtpSecurity,
    user: z.string().nullable(),
    passwordSet: z.boolean().meta({ description: 'Whether a password is stored. The password itself is write-only.' }),
    fromAddress: z.string().nullable(),
    fromName: z.string().nullable(),
    senderIsOwner: z.boolean().meta({ description: "The contact's owner is shown as the sender's name, and replies go to the owner." }),
  })
  .meta({ id: 'DistributionSmtp' });

export const DistributionSettings = z
  .object({
    timeZone: z.string(),
    quarantineInvitedDays: z.number().int(),
    quarantineAnsweredDays: z.number().int(),
    accountLimit: z.number().int().nullable(),
    accountPeriodDays: z.number().int(),
    windowStartMinute: z.number().int().meta({ description: "Minutes after the recipient's local midnight." }),
    windowEndMinute: z.number().int(),
    windowWeekdays: z.array(z.number().int()).meta({ description: 'ISO weekdays, 1 = Monday … 7 = Sunday.' }),
    maxPerHour: z.number().int(),
    reminderDays: z.number().int().nullable(),
    smtp: DistributionSmtp.nullable().meta({ description: 'null for those who may not change the settings (managers, analysts, read keys).' }),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'DistributionSettings' });

export const SmtpTestBody = z.object({ to: Email.optional().meta({ description: 'Also send a short test email to this address.' }) }).strict();

export const SmtpTestResult = z
  .object({ ok: z.boolean(), message: z.string().meta({ description: 'What the SMTP server answered, or why it could not be reached.' }) })
  .meta({ id: 'SmtpTestResult' });
