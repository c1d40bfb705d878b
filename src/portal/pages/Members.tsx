import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, type Member, type Page, type Unit } from '../api.ts';
import { TextField } from '../components/Field.tsx';
import { DeleteDialog, ItemButton } from '../components/ItemActions.tsx';
import { FormActions, Modal } from '../components/Modal.tsx';
import { ErrorNotice, FormError, Loading, Status } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { UnitSelect } from '../components/UnitSelect.tsx';
import { roleLabel } from '../format.ts';
import { keys, useUnits } from '../queries.ts';
import { usePermissions, useSession } from '../session.tsx';

type Editing = { kind: 'create' } | { kind: 'edit'; member: Member } | { kind: 'delete'; member: Member };

const FIELDS = ['name', 'email', 'externalId', 'unitId'] as const;
const PAGE_SIZE = 50;

export function Members() {
  const { editMembers } = usePermissions();
  const units = useUnits();
  const [params, setParams] = useSearchParams();
  const filter = { q: params.get('q') ?? '', unitId: params.get('unit') ?? '', subtree: params.get('subtree') !== 'false' };
  const members = useInfiniteQuery({
    queryKey: [...keys.members, 'list', filter],
    queryFn: ({ pageParam }) =>
      api.get<Page<Member>>('/members', {
        limit: PAGE_SIZE,
        cursor: pageParam,
        q: filter.q || undefined,
        unitId: filter.unitId || undefined,
        subtree: filter.unitId ? filter.subtree : undefined,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [status, setStatus] = useState('');

  const setFilter = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes))
      if (value) next.set(key, value);
      else next.delete(key);
    setParams(next, { replace: true });
  };
  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFilter({ q: String(new FormData(event.currentTarget).get('q') ?? '').trim() });
  };
  const done = (message: string) => {
    setEditing(null);
    setStatus(message);
  };
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader
        title="Members"
        intro="The people of your organisation. Members with a login are managed under Users and roles."
        actions={
          editMembers && (
            <button type="button" className="button button-primary" onClick={() => setEditing({ kind: 'create' })}>
              Add member
            </button>
          )
        }
      />
      <section className="card filters" aria-label="Filter members">
        <search className="filter-search">
          <form onSubmit={search}>
            <TextField label="Search" name="q" type="search" defaultValue={filter.q} hint="Name, email or external ID." />
            <button type="submit" className="button">
              Search
            </button>
          </form>
        </search>
        {units.data && units.data.length > 1 && (
          <div className="filter-unit">
            <UnitSelect
              label="Unit"
              name="unit"
              units={units.data}
              defaultValue={filter.unitId}
              emptyOption="All units"
              onChange={(unit) => setFilter({ unit })}
            />
            {filter.unitId && (
              <label className="checkbox">
                <input type="checkbox" checked={filter.subtree} onChange={(event) => setFilter({ subtree: event.target.checked ? '' : 'false' })} />
                Include units below
              </label>
            )}
          </div>
        )}
      </section>
      {status && <Status message={status} />}
      {members.isPending && <Loading what="members" />}
      {members.isError && <ErrorNotice error={members.error} />}
      {members.isSuccess && (
        <section className="card card-flush" aria-label="Member list">
          {items.length === 0 ? (
            <p className="empty">{filter.q || filter.unitId ? 'No members match this search.' : 'No members yet.'}</p>
          ) : (
            <MemberTable members={items} canEdit={editMembers} onEdit={setEditing} />
          )}
          {members.hasNextPage && (
            <div className="load-more">
              <button type="button" className="button" disabled={members.isFetchingNextPage} onClick={() => void members.fetchNextPage()}>
                {members.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
        </section>
      )}
      {units.data && editing?.kind === 'create' && <MemberForm units={units.data} onClose={() => setEditing(null)} onDone={done} />}
      {units.data && editing?.kind === 'edit' && <MemberForm units={units.data} member={editing.member} onClose={() => setEditing(null)} onDone={done} />}
      {editing?.kind === 'delete' && <DeleteMember member={editing.member} onClose={() => setEditing(null)} onDone={done} />}
    </>
  );
}

function MemberTable({ members, canEdit, onEdit }: { members: Member[]; canEdit: boolean; onEdit: (editing: Editing) => void }) {
  const session = useSession();
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Unit</th>
          <th scope="col">Access</th>
          {canEdit && (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {members.map((member) => (
          <tr key={member.id}>
            <th scope="row" data-label="Name">
              {member.name}
              {member.id === session.workspace.memberId && <span className="muted"> (you)</span>}
              {member.externalId && <span className="muted small block">ID {member.externalId}</span>}
            </th>
            <td data-label="Email">{member.email ?? <span className="muted">None</span>}</td>
            <td data-label="Unit">{member.unitName}</td>
            <td data-label="Access">
              {member.role ? (
                <span className="badge">
                  {roleLabel(member.role)}
                  {member.hasLogin ? '' : ', invited'}
                </span>
              ) : (
                <span className="muted">No login</span>
              )}
            </td>
            {canEdit && (
              <td className="cell-actions">
                <div className="row-actions">
                  <ItemButton label="Edit" item={member.name} onClick={() => onEdit({ kind: 'edit', member })} />
                  {member.role === null && <ItemButton label="Delete" item={member.name} danger onClick={() => onEdit({ kind: 'delete', member })} />}
                </div>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface MemberBody {
  name: string;
  email: string | null;
  externalId: string | null;
  unitId: string;
}

function MemberForm({ units, member, onClose, onDone }: { units: Unit[]; member?: Member; onClose: () => void; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const session = useSession();
  const save = useMutation({
    mutationFn: (body: MemberBody) => (member ? api.patch<Member>(`/members/${member.id}`, body) : api.post<Member>('/members', body)),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: keys.members });
      void queryClient.invalidateQueries({ queryKey: keys.units });
      onDone(member ? `${saved.name} is saved.` : `${saved.name} is added to ${saved.unitName}.`);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    save.mutate({ name: text('name'), email: text('email') || null, externalId: text('externalId') || null, unitId: text('unitId') });
  };
  return (
    <Modal title={member ? `Edit ${member.name}` : 'Add member'} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label="Name" name="name" defaultValue={member?.name} autoComplete="off" required error={save.error} />
        <TextField label="Email" name="email" type="email" defaultValue={member?.email ?? ''} autoComplete="off" hint="Optional." error={save.error} />
        <TextField
          label="External ID"
          name="externalId"
          defaultValue={member?.externalId ?? ''}
          hint="Optional: the person's id in your CRM or HR system."
          error={save.error}
        />
        <UnitSelect label="Unit" name="unitId" units={units} defaultValue={member?.unitId ?? session.workspace.unitId} error={save.error} />
        <FormError error={save.error} fields={FIELDS} />
        <FormActions pending={save.isPending} label={member ? 'Save' : 'Add member'} onCancel={onClose} />
      </form>
    </Modal>
  );
}

function DeleteMember({ member, onClose, onDone }: { member: Member; onClose: () => void; onDone: (message: string) => void }) {
  return (
    <DeleteDialog
      name={member.name}
      noun="member"
      path={`/members/${member.id}`}
      refresh={[keys.members, keys.units]}
      onClose={onClose}
      onDeleted={() => onDone(`${member.name} is deleted.`)}
    >
      <p>The member is removed from {member.unitName}. This cannot be undone.</p>
    </DeleteDialog>
  );
}
