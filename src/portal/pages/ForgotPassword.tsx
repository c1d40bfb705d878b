import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { AuthLayout } from '../components/AuthLayout.tsx';
import { TextField } from '../components/Field.tsx';
import { FormError } from '../components/Notice.tsx';

const FIELDS = ['email'] as const;

export function ForgotPassword() {
  const request = useMutation({ mutationFn: (email: string) => api.post('/auth/password-reset', { email }) });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    request.mutate(String(new FormData(event.currentTarget).get('email') ?? ''));
  };

  return (
    <AuthLayout backToSignIn title="Reset your password" intro="Enter your email address and we will send you a link to choose a new password.">
      {request.isSuccess ? (
        <p className="notice notice-success" role="status">
          If an account exists for {request.variables}, an email with a reset link is on its way. The link works once.
        </p>
      ) : (
        <form className="stack" onSubmit={submit} noValidate>
          <TextField label="Email" name="email" type="email" autoComplete="email" required error={request.error} />
          <FormError error={request.error} fields={FIELDS} />
          <button type="submit" className="button button-primary button-block" disabled={request.isPending}>
            {request.isPending ? 'Sending…' : 'Send reset link'}
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
