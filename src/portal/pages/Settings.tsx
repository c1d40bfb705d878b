import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api, type Workspace } from '../api.ts';
import { BrandingSection } from '../components/BrandingSection.tsx';
import { TextField } from '../components/Field.tsx';
import { FormActions } from '../components/Modal.tsx';
import { ErrorNotice, FormError, Loading, Status } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDateTime } from '../format.ts';
import { keys } from '../queries.ts';
import { ME_KEY, usePermissions } from '../session.tsx';

const FIELDS = ['name'] as const;

export function Settings() {
  const queryClient = useQueryClient();
  const { editOrganisation } = usePermissions();
  const workspace = useQuery({ queryKey: keys.workspace, queryFn: () => api.get<Workspace>('/workspace') });
  const rename = useMutation({
    mutationFn: (name: string) => api.patch<Workspace>('/workspace', { name }),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.workspace, updated);
      void queryClient.invalidateQueries({ queryKey: ME_KEY });
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    rename.mutate(String(new FormData(event.currentTarget).get('name') ?? ''));
  };

  return (
    <>
      <PageHeader title="Workspace settings" />
      {workspace.isPending && <Loading what="the workspace" />}
      {workspace.isError && <ErrorNotice error={workspace.error} />}
      {workspace.data && (
        <section className="card" aria-labelledby="general-heading">
          <h2 id="general-heading">General</h2>
          <p className="muted">Created {formatDateTime(workspace.data.createdAt)}.</p>
          <form className="stack form-narrow" onSubmit={submit} noValidate>
            <TextField label="Workspace name" name="name" defaultValue={workspace.data.name} required disabled={!editOrganisation} error={rename.error} />
            <FormError error={rename.error} fields={FIELDS} />
            {rename.isSuccess && <Status message="The workspace name is saved." />}
            {editOrganisation && <FormActions pending={rename.isPending} label="Save" />}
          </form>
        </section>
      )}
      <BrandingSection canEdit={editOrganisation} />
    </>
  );
}
