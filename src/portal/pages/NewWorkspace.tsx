import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, type Me } from '../api.ts';
import { AuthLayout } from '../components/AuthLayout.tsx';
import { TextField } from '../components/Field.tsx';
import { FormActions } from '../components/Modal.tsx';
import { FormError } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useSetSession, useSignOut } from '../session.tsx';

const FIELDS = ['name'] as const;

/** Creates a workspace owned by the signed-in person and switches to it. */
function CreateWorkspaceForm() {
  const setSession = useSetSession();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: async (name: string) => {
      const created = await api.post<{ id: string }>('/workspaces', { name });
      return api.post<Me>('/auth/workspace', { workspaceId: created.id });
    },
    onSuccess: (me) => {
      setSession(me);
      navigate('/', { replace: true });
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate(String(new FormData(event.currentTarget).get('name') ?? ''));
  };

  return (
    <form className="stack form-narrow" onSubmit={submit} noValidate>
      <TextField label="Workspace name" name="name" required error={create.error} />
      <FormError error={create.error} fields={FIELDS} />
      <FormActions pending={create.isPending} label="Create workspace" pendingLabel="Creating…" />
    </form>
  );
}

export function NewWorkspace() {
  return (
    <>
      <PageHeader title="Create workspace" intro="A separate organisation with its own units, people and data. You will be its owner." />
      <section className="card">
        <CreateWorkspaceForm />
      </section>
    </>
  );
}

/** Shown to someone signed in who belongs to no workspace (for example after their access was removed). */
export function NoWorkspace({ me }: { me: Me }) {
  const signOut = useSignOut();
  return (
    <AuthLayout
      title="No workspace yet"
      intro={`You are signed in as ${me.user.email} but do not belong to a workspace. Ask an owner to invite you, or create your own.`}
    >
      <CreateWorkspaceForm />
      <p className="auth-footer">
        <button type="button" className="button-link" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
          Sign out
        </button>
      </p>
    </AuthLayout>
  );
}
