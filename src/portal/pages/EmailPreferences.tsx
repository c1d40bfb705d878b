// The signed-in person's own email preferences in this workspace: today whether the weekly insight
// digest comes. Everyone may set theirs; the page says when their role does not get the digest.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { EmailPreferencesView } from '../../domain/views.ts';
import { api } from '../api.ts';
import { FormActions } from '../components/Modal.tsx';
import { ErrorNotice, FormError, Loading, Status } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDateTime, roleLabel } from '../format.ts';
import { useSession } from '../session.tsx';

const KEY = ['me', 'email-preferences'] as const;
const FIELDS = ['weeklyDigest'] as const;

export function EmailPreferences() {
  const session = useSession();
  const preferences = useQuery({ queryKey: KEY, queryFn: () => api.get<EmailPreferencesView>('/me/email-preferences') });
  return (
    <>
      <PageHeader title="Email preferences" intro={`The emails Anbefal sends you about ${session.workspace.name}.`} />
      {preferences.isPending && <Loading what="your email preferences" />}
      {preferences.isError && <ErrorNotice error={preferences.error} />}
      {preferences.data && <DigestForm preferences={preferences.data} role={session.workspace.role} />}
    </>
  );
}

function DigestForm({ preferences, role }: { preferences: EmailPreferencesView; role: Parameters<typeof roleLabel>[0] }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState('');
  const save = useMutation({
    mutationFn: (weeklyDigest: boolean) => api.put<EmailPreferencesView>('/me/email-preferences', { weeklyDigest }),
    onSuccess: (saved) => {
      queryClient.setQueryData(KEY, saved);
      setStatus(saved.weeklyDigest ? 'Saved: the weekly digest is on.' : 'Saved: the weekly digest is stopped.');
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setStatus('');
    save.mutate(new FormData(event.currentTarget).has('weeklyDigest'));
  };
  const forRole = role === 'manager' || role === 'frontline';
  return (
    <section className="card" aria-labelledby="digest-heading">
      <h2 id="digest-heading">Weekly insight digest</h2>
      <p>
        Every Monday morning: last week’s NPS with its margin of error and the change on the week before,
        {role === 'manager' ? ' beside the whole company,' : ''} the newest comments from promoters and detractors, and your open and overdue cases.
      </p>
      {!forRole && (
        <p className="notice notice-info">
          The digest goes to managers and frontline members; as an {roleLabel(role).toLowerCase()} you do not get it. Your choice is kept in case your role
          changes.
        </p>
      )}
      <form className="stack" onSubmit={submit} noValidate>
        <label className="checkbox">
          <input type="checkbox" name="weeklyDigest" defaultChecked={preferences.weeklyDigest} /> Send me the weekly digest
        </label>
        {preferences.weeklyDigestOptedOutAt && <p className="muted">Stopped on {formatDateTime(preferences.weeklyDigestOptedOutAt)}.</p>}
        <FormError error={save.error} fields={FIELDS} />
        <FormActions pending={save.isPending} label="Save email preferences" />
      </form>
      {status && <Status message={status} />}
    </section>
  );
}
