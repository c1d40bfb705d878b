import { useMutation, useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { api, type Me } from '../api.ts';
import { AuthLayout } from '../components/AuthLayout.tsx';
import { TextField } from '../components/Field.tsx';
import { FormError } from '../components/Notice.tsx';
import { useMe, useSetSession } from '../session.tsx';

const FIELDS = ['email', 'password'] as const;

export function SignIn() {
  const me = useMe();
  const location = useLocation();
  const setSession = useSetSession();
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api.get<{ needed: boolean }>('/setup') });
  const signIn = useMutation({
    mutationFn: (body: { email: string; password: string }) => api.post<Me>('/auth/login', body),
    onSuccess: setSession,
  });

  if (me.data) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from ?? '/'} replace />;
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({ email: String(form.get('email')), password: String(form.get('password')) });
  };

  return (
    <AuthLayout title="Sign in">
      {setup.data?.needed && (
        <p className="notice notice-info">
          Anbefal is not set up yet. Open the setup link that the server printed when it started to create the first workspace.
        </p>
      )}
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label="Email" name="email" type="email" autoComplete="username" required error={signIn.error} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required error={signIn.error} />
        <FormError error={signIn.error} fields={FIELDS} />
        <button type="submit" className="button button-primary button-block" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-footer">
        <Link to="/forgot-password" className="tap-link">
          Forgot your password?
        </Link>
      </p>
    </AuthLayout>
  );
}
