import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, type Me } from '../api.ts';
import { AuthLayout } from '../components/AuthLayout.tsx';
import { TextField } from '../components/Field.tsx';
import { FormError } from '../components/Notice.tsx';
import { useSetSession } from '../session.tsx';

const FIELDS = ['name', 'password'] as const;

export function AcceptInvitation() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const setSession = useSetSession();
  const accept = useMutation({
    mutationFn: (body: { token: string; name?: string; password: string }) => api.post<Me>('/auth/invitations/accept', body),
    onSuccess: (me) => {
      setSession(me);
      navigate('/', { replace: true });
    },
  });

  if (!token) {
    return (
      <AuthLayout title="Accept invitation">
        <p className="notice notice-error" role="alert">
          This page needs the link from your invitation email (it ends in <code>?token=…</code>). Open the link from the email again.
        </p>
      </AuthLayout>
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    accept.mutate({ token, name: name || undefined, password: String(form.get('password') ?? '') });
  };

  return (
    <AuthLayout
      backToSignIn
      title="Accept invitation"
      intro="Choose a password to join. If you already have an Anbefal account with this email, enter its password instead."
    >
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label="Your name" name="name" hint="Leave empty to keep the name you were invited with." autoComplete="name" error={accept.error} />
        <TextField label="Password" name="password" type="password" hint="At least 10 characters." autoComplete="new-password" required error={accept.error} />
        <FormError error={accept.error} fields={FIELDS} />
        <button type="submit" className="button button-primary button-block" disabled={accept.isPending}>
          {accept.isPending ? 'Joining…' : 'Join workspace'}
        </button>
      </form>
    </AuthLayout>
  );
}
