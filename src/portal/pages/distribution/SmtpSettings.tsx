// The email server part of the sending settings: host, port, security, user, the write-only
// password (kept, changed or removed, never shown), the sender, and a connection test that
// reports what the server answered.
import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import type { DistributionSmtpView } from '../../../domain/views.ts';
import { api } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { FormError } from '../../components/Notice.tsx';

export type PasswordChoice = 'keep' | 'change' | 'remove';

/** Text from a field; blank is null. */
export const textOf = (value: FormDataEntryValue | null): string | null => String(value ?? '').trim() || null;

export function SmtpFields({
  smtp,
  error,
  password,
  onPassword,
}: {
  smtp: DistributionSmtpView;
  error: unknown;
  password: PasswordChoice;
  onPassword: (choice: PasswordChoice) => void;
}) {
  return (
    <fieldset className="fieldset stack">
      <legend>Email server (SMTP)</legend>
      <p className="muted">
        Leave the host empty to send through the server's own email settings; without those, emails wait in the outbox and are not delivered.
      </p>
      <div className="form-grid">
        <TextField
          label="Host"
          name="smtp.host"
          defaultValue={smtp.host ?? ''}
          hint="Such as smtp.example.com."
          error={error}
          spellCheck={false}
          autoComplete="off"
        />
        <TextField
          label="Port"
          name="smtp.port"
          type="number"
          min={1}
          max={65535}
          defaultValue={smtp.port ?? ''}
          hint="Empty: 465 for TLS, 587 for STARTTLS, 25 without."
          error={error}
        />
        <SelectField label="Security" name="smtp.security" defaultValue={smtp.security} hint="How the connection is encrypted." error={error}>
          <option value="starttls">STARTTLS (required)</option>
          <option value="tls">TLS from the start</option>
          <option value="none">None (only for a local relay)</option>
        </SelectField>
        <TextField label="User" name="smtp.user" defaultValue={smtp.user ?? ''} error={error} spellCheck={false} autoComplete="off" />
      </div>
      <PasswordField passwordSet={smtp.passwordSet} choice={password} onChoice={onPassword} error={error} />
      <div className="form-grid">
        <TextField
          label="From address"
          name="smtp.fromAddress"
          type="email"
          defaultValue={smtp.fromAddress ?? ''}
          hint="The address invitations come from; empty: the server's."
          error={error}
          spellCheck={false}
        />
        <TextField label="From name" name="smtp.fromName" defaultValue={smtp.fromName ?? ''} hint="Such as your company's name." error={error} />
      </div>
      <label className="checkbox">
        <input type="checkbox" name="smtp.senderIsOwner" defaultChecked={smtp.senderIsOwner} />
        Show the contact's owner as the sender, and send replies to them
      </label>
    </fieldset>
  );
}

/** Write-only: the stored password is never shown; it is kept, changed or removed. */
function PasswordField({
  passwordSet,
  choice,
  onChoice,
  error,
}: {
  passwordSet: boolean;
  choice: PasswordChoice;
  onChoice: (choice: PasswordChoice) => void;
  error: unknown;
}) {
  if (passwordSet && choice !== 'change') {
    return (
      <div className="field">
        <p>
          <strong>Password:</strong> {choice === 'remove' ? 'will be removed when you save.' : 'set (stored encrypted, never shown).'}
        </p>
        <div className="actions">
          <button type="button" className="button button-small" onClick={() => onChoice('change')}>
            Change password
          </button>
          {choice === 'remove' ? (
            <button type="button" className="button button-small" onClick={() => onChoice('keep')}>
              Keep password
            </button>
          ) : (
            <button type="button" className="button button-small button-danger-quiet" onClick={() => onChoice('remove')}>
              Remove password
            </button>
          )}
        </div>
      </div>
    );
  }
  return (
    <div className="stack">
      <TextField
        label={passwordSet ? 'New password' : 'Password'}
        name="smtp.password"
        type="password"
        autoComplete="new-password"
        hint={passwordSet ? 'Replaces the stored password when you save.' : 'Stored encrypted and never shown again. Empty: no password.'}
        error={error}
      />
      {passwordSet && (
        <p>
          <button type="button" className="button button-small" onClick={() => onChoice('keep')}>
            Keep the current password
          </button>
        </p>
      )}
    </div>
  );
}

interface SmtpTestResult {
  ok: boolean;
  message: string;
}

export function ConnectionTest({ smtp }: { smtp: DistributionSmtpView }) {
  const test = useMutation({ mutationFn: (to: string | null) => api.post<SmtpTestResult>('/distribution/settings/smtp-test', to ? { to } : {}) });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    test.mutate(textOf(new FormData(event.currentTarget).get('to')));
  };
  return (
    <section className="card" aria-labelledby="smtp-test-heading">
      <h2 id="smtp-test-heading">Test the email server</h2>
      <p className="muted">
        {smtp.host ? `Connects to ${smtp.host} with the saved settings and signs in.` : "Connects to the server's own email settings."} Save your changes first.
      </p>
      <form className="stack form-narrow" onSubmit={submit} noValidate>
        <TextField
          label="Also send a test email to"
          name="to"
          type="email"
          hint="Optional. Leave empty to only test the connection."
          error={test.error}
          spellCheck={false}
        />
        <FormError error={test.error} fields={['to']} />
        <div className="actions">
          <button type="submit" className="button" disabled={test.isPending}>
            {test.isPending ? 'Testing…' : 'Test connection'}
          </button>
        </div>
        <div aria-live="polite">
          {test.data && (
            <p className={`notice ${test.data.ok ? 'notice-success' : 'notice-error'}`}>
              {test.data.ok ? 'It works: ' : 'It does not work: '}
              {test.data.message}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}
