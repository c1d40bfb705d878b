import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api.ts';
import { AuthLayout } from '../components/AuthLayout.tsx';
import { TextField } from '../components/Field.tsx';
import { FormError } from '../components/Notice.tsx';

const FIELDS = ['password'] as const;

export function ResetPassword() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const confirm = useMutation({ mutationFn: (password: string) => api.post('/auth/password-reset/confirm', { token, password }) });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    confirm.mutate(String(new FormData(event.currentTarget).get('password') ?? ''));
  };

  if (confirm.isSuccess) {
    return (
      <AuthLayout title="Password changed">
        <p className="notice notice-success" role="status">
          Your new password is set and every other session was signed out.
        </p>
        <p>
          <Link to="/sign-in" className="button button-primary button-block">
            Sign in
          </Link>
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout backToSignIn title="Choose a new password">
      {token ? (
        <form className="stack" onSubmit={submit} noValidate>
          <TextField
            label="New password"
            name="password"
            type="password"
            hint="At least 10 characters."
            autoComplete="new-password"
            required
            error={confirm.error}
          />
          <FormError error={confirm.error} fields={FIELDS} />
          <button type="submit" className="button button-primary button-block" disabled={confirm.isPending}>
            {confirm.isPending ? 'Saving…' : 'Set new password'}
          </button>
        </form>
      ) : (
        <p className="notice notice-error" role="alert">
          This page needs the link from your password reset email (it ends in <code>?token=…</code>). <Link to="/forgot-password">Ask for a new link</Link>.
        </p>
      )}
    </AuthLayout>
  );
}
