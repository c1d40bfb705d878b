// The workspace's touchpoints (delivery, service visit, support case…): surveys and single
// questions name the moment they ask about. Owners and admins add, rename, reorder and delete them.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api.ts';
import { TextAreaField, TextField } from '../components/Field.tsx';
import { DeleteDialog, ItemButton } from '../components/ItemActions.tsx';
import { FormActions, Modal } from '../components/Modal.tsx';
import { ErrorNotice, FormError, Loading, Status } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { surveyKeys, type Touchpoint, useTouchpoints } from '../components/survey-editor/api.ts';
import { moved } from '../components/survey-editor/draft.ts';
import { usePermissions } from '../session.tsx';

type Editing = { kind: 'create' } | { kind: 'edit'; touchpoint: Touchpoint } | { kind: 'delete'; touchpoint: Touchpoint };

const FIELDS = ['key', 'name', 'description'] as const;

export function Touchpoints() {
  const touchpoints = useTouchpoints();
  const queryClient = useQueryClient();
  const { manageSurveys } = usePermissions();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [status, setStatus] = useState('');
  const [focusId, setFocusId] = useState<string | null>(null);
  const done = (message: string) => {
    setEditing(null);
    setStatus(message);
  };

  // Renumbers every touchpoint whose place changed, so the order holds even when positions were equal.
  const reorder = useMutation({
    mutationFn: async (order: Touchpoint[]) => {
      for (const [position, touchpoint] of order.entries()) {
        if (touchpoint.position !== position) await api.patch<Touchpoint>(`/touchpoints/${touchpoint.id}`, { position });
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: surveyKeys.touchpoints }),
  });

  useEffect(() => {
    if (!focusId || reorder.isPending || touchpoints.isFetching) return;
    const target = document.getElementById(focusId);
    (target instanceof HTMLButtonElement && target.disabled ? target.parentElement?.querySelector<HTMLElement>('button:not(:disabled)') : target)?.focus();
    setFocusId(null);
  }, [focusId, reorder.isPending, touchpoints.isFetching]);

  const move = (list: Touchpoint[], from: number, to: number) => {
    const touchpoint = list[from];
    if (!touchpoint) return;
    reorder.mutate(moved(list, from, to), {
      onSuccess: () => {
        setStatus(`${touchpoint.name} is now number ${to + 1}.`);
        setFocusId(`touchpoint-${touchpoint.id}-${to < from ? 'up' : 'down'}`);
      },
    });
  };

  return (
    <>
      <PageHeader
        title="Touchpoints"
        intro="The moments where customers meet you, such as delivery or a service visit. Surveys and single questions say which one they ask about."
        actions={
          manageSurveys && (
            <button type="button" className="button button-primary" onClick={() => setEditing({ kind: 'create' })}>
              Add touchpoint
            </button>
          )
        }
      />
      {status && <Status message={status} />}
      {reorder.error && <ErrorNotice error={reorder.error} />}
      {touchpoints.isPending && <Loading what="touchpoints" />}
      {touchpoints.isError && <ErrorNotice error={touchpoints.error} />}
      {touchpoints.data && (
        <section className="card card-flush" aria-label="Touchpoint list">
          {touchpoints.data.length === 0 ? (
            <p className="empty">No touchpoints yet.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Description</th>
                  {manageSurveys && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {touchpoints.data.map((touchpoint, index, list) => (
                  <tr key={touchpoint.id}>
                    <th scope="row" data-label="Name">
                      {touchpoint.name}
                    </th>
                    <td data-label="Key">
                      <code>{touchpoint.key}</code>
                    </td>
                    <td data-label="Description">{touchpoint.description ?? <span className="muted">None</span>}</td>
                    {manageSurveys && (
                      <td className="cell-actions">
                        <div className="row-actions">
                          <ItemButton
                            label="Move up"
                            item={touchpoint.name}
                            id={`touchpoint-${touchpoint.id}-up`}
                            disabled={index === 0 || reorder.isPending}
                            onClick={() => move(list, index, index - 1)}
                          />
                          <ItemButton
                            label="Move down"
                            item={touchpoint.name}
                            id={`touchpoint-${touchpoint.id}-down`}
                            disabled={index === list.length - 1 || reorder.isPending}
                            onClick={() => move(list, index, index + 1)}
                          />
                          <ItemButton label="Rename" item={touchpoint.name} onClick={() => setEditing({ kind: 'edit', touchpoint })} />
                          <ItemButton label="Delete" item={touchpoint.name} danger onClick={() => setEditing({ kind: 'delete', touchpoint })} />
                        </div>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {editing?.kind === 'create' && <TouchpointForm position={touchpoints.data?.length ?? 0} onClose={() => setEditing(null)} onDone={done} />}
      {editing?.kind === 'edit' && <TouchpointForm touchpoint={editing.touchpoint} onClose={() => setEditing(null)} onDone={done} />}
      {editing?.kind === 'delete' && <DeleteTouchpoint touchpoint={editing.touchpoint} onClose={() => setEditing(null)} onDone={done} />}
    </>
  );
}

interface FormProps {
  touchpoint?: Touchpoint;
  position?: number;
  onClose: () => void;
  onDone: (message: string) => void;
}

function TouchpointForm({ touchpoint, position, onClose, onDone }: FormProps) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      touchpoint ? api.patch<Touchpoint>(`/touchpoints/${touchpoint.id}`, body) : api.post<Touchpoint>('/touchpoints', body),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: surveyKeys.touchpoints });
      onDone(touchpoint ? `Touchpoint ${saved.name} is saved.` : `Touchpoint ${saved.name} is added.`);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const common = { name: text('name'), description: text('description') || null };
    save.mutate(touchpoint ? common : { ...common, key: text('key'), position });
  };
  return (
    <Modal title={touchpoint ? `Rename ${touchpoint.name}` : 'Add touchpoint'} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label="Name" name="name" defaultValue={touchpoint?.name} required error={save.error} />
        {touchpoint ? (
          <p className="muted small">
            Key <code>{touchpoint.key}</code>. The key stays as it is, so surveys that name it keep working.
          </p>
        ) : (
          <TextField
            label="Key"
            name="key"
            required
            autoComplete="off"
            hint="How surveys and the API name it: lowercase letters, digits and _, such as after_delivery."
            error={save.error}
          />
        )}
        <TextAreaField label="Description" name="description" rows={3} defaultValue={touchpoint?.description ?? ''} error={save.error} />
        <FormError error={save.error} fields={FIELDS} />
        <FormActions pending={save.isPending} label={touchpoint ? 'Save' : 'Add touchpoint'} onCancel={onClose} />
      </form>
    </Modal>
  );
}

function DeleteTouchpoint({ touchpoint, onClose, onDone }: { touchpoint: Touchpoint; onClose: () => void; onDone: (message: string) => void }) {
  return (
    <DeleteDialog
      name={touchpoint.name}
      noun="touchpoint"
      path={`/touchpoints/${touchpoint.id}`}
      refresh={[surveyKeys.touchpoints]}
      onClose={onClose}
      onDeleted={() => onDone(`Touchpoint ${touchpoint.name} is deleted.`)}
    >
      <p>A touchpoint that a survey or question still names cannot be deleted; the server says which.</p>
    </DeleteDialog>
  );
}
