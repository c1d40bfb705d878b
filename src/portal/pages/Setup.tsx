import { useMutation, useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, type Me } from '../api.ts';
import { AuthLayout } from '../components/AuthLayout.tsx';
import { TextField } from '../components/Field.tsx';
import { ErrorNotice, FormError, Loading } from '../components/Notice.tsx';
import { useSetSession } from '../session.tsx';

const FIELDS = ['workspaceName', 'name', 'email', 'password'] as const;

interface SetupBody {
  token: string;
  workspaceName: string;
  name: string;
  email: string;
  password: string;
}

export function Setup() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const setSession = useSetSession();
  const status = useQuery({ queryKey: ['setup'], queryFn: () => api.get<{ needed: boolean }>('/setup') });
  const setup = useMutation({
    mutationFn: (body: SetupBody) => api.post<Me>('/setup', body),
    onSuccess: (me) => {
      setSession(me);
      navigate('/', { replace: true });
    },
  });

  if (status.isPending) return <Loading what="setup" />;
  if (status.isError) return <ErrorNotice error={status.error} />;
  if (!status.data.needed) {
    return (
      <AuthLayout title="Anbefal is set up">
        <p>The first workspace already exists.</p>
        <p>
          <Link to="/sign-in">Sign in</Link>, or ask an owner of your workspace to invite you.
        </p>
      </AuthLayout>
    );
  }
  if (!token) {
    return (
      <AuthLayout title="Set up Anbefal">
        <p className="notice notice-error" role="alert">
          This page needs the setup link printed by the server when it started (it ends in <code>?token=…</code>). Copy the whole link.
        </p>
      </AuthLayout>
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '');
    setup.mutate({ token, workspaceName: text('workspaceName'), name: text('name'), email: text('email'), password: text('password') });
  };

  return (
    <AuthLayout title="Set up Anbefal" intro="Create your organisation's workspace and your own account. You will be its owner.">
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label="Workspace name" name="workspaceName" hint="Usually your company's name." autoComplete="organization" required error={setup.error} />
        <TextField label="Your name" name="name" autoComplete="name" required error={setup.error} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required error={setup.error} />
        <TextField
          label="Password"
          name="password"
          type="password"
          hint="At least 10 characters."
          autoComplete="new-password"
          required
          minLength={10}
          error={setup.error}
        />
        <FormError error={setup.error} fields={FIELDS} />
        <button type="submit" className="button button-primary button-block" disabled={setup.isPending}>
          {setup.isPending ? 'Creating…' : 'Create workspace'}
        </button>
      </form>
      <p className="muted">
        Just looking around? Stop the server and run <code>node bin/anbefal.js demo</code> to load a demo company with 18 months of answers.
      </p>
    </AuthLayout>
  );
}
