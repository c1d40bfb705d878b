import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, ROLES, type Role, type Unit, type User } from '../api.ts';
import { SelectField, TextField } from '../components/Field.tsx';
import { ConfirmDialog, FormActions, Modal } from '../components/Modal.tsx';
import { ErrorNotice, FormError, Loading, Status } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { UnitSelect } from '../components/UnitSelect.tsx';
import { roleLabel } from '../format.ts';
import { keys, useUnits, useUsers } from '../queries.ts';
import { usePermissions, useSession } from '../session.tsx';

const FIELDS = ['email', 'name', 'role', 'unitId'] as const;

const ROLE_HELP: Record<Role, string> = {
  owner: 'everything, including other owners',
  admin: 'users, API keys, units and settings',
  analyst: 'reads everything, changes nothing',
  manager: 'their unit and the units below it',
  frontline: 'only their own customers',
};

export function Users() {
  const { manageAccess } = usePermissions();
  const users = useUsers();
  const units = useUnits();
  const [inviting, setInviting] = useState(false);
  const [removing, setRemoving] = useState<User | null>(null);
  const [status, setStatus] = useState('');
  const unitName = new Map(units.data?.map((unit) => [unit.id, unit.name]));

  const done = (message: string) => {
    setInviting(false);
    setRemoving(null);
    setStatus(message);
  };

  return (
    <>
      <PageHeader
        title="Users and roles"
        intro="People who can sign in, and what their role lets them do."
        actions={
          manageAccess && (
            <button type="button" className="button button-primary" onClick={() => setInviting(true)}>
              Invite user
            </button>
          )
        }
      />
      <section className="card">
        <h2 className="visually-hidden">Roles</h2>
        <dl className="role-help">
          {ROLES.map((role) => (
            <div key={role}>
              <dt>{roleLabel(role)}</dt>
              <dd>{ROLE_HELP[role]}</dd>
            </div>
          ))}
        </dl>
      </section>
      {status && <Status message={status} />}
      {users.isPending && <Loading what="users" />}
      {users.isError && <ErrorNotice error={users.error} />}
      {users.data && (
        <section className="card card-flush" aria-label="User list">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Unit</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                {manageAccess && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <UserRow
                  key={user.memberId}
                  user={user}
                  unitName={unitName.get(user.unitId) ?? ''}
                  canManage={manageAccess}
                  onStatus={setStatus}
                  onRemove={setRemoving}
                />
              ))}
            </tbody>
          </table>
        </section>
      )}
      {inviting && units.data && <InviteForm units={units.data} onClose={() => setInviting(false)} onDone={done} />}
      {removing && <RemoveAccess user={removing} onClose={() => setRemoving(null)} onDone={done} />}
    </>
  );
}

interface RowProps {
  user: User;
  unitName: string;
  canManage: boolean;
  onStatus: (message: string) => void;
  onRemove: (user: User) => void;
}

function UserRow({ user, unitName, canManage, onStatus, onRemove }: RowProps) {
  const session = useSession();
  const { grantOwner } = usePermissions();
  const queryClient = useQueryClient();
  const changeRole = useMutation({
    mutationFn: (role: Role) => api.patch<User>(`/users/${user.memberId}`, { role }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: keys.users });
      onStatus(`${saved.name} is now ${roleLabel(saved.role).toLowerCase()}.`);
    },
  });
  // Only owners may change an owner or make someone owner.
  const editable = canManage && (grantOwner || user.role !== 'owner');
  const isSelf = user.memberId === session.workspace.memberId;

  return (
    <tr>
      <th scope="row" data-label="Name">
        {user.name}
        {isSelf && <span className="muted"> (you)</span>}
      </th>
      <td data-label="Email">{user.email}</td>
      <td data-label="Unit">{unitName}</td>
      <td data-label="Role">
        {editable ? (
          <>
            <SelectField
              label={`Role of ${user.name}`}
              name="role"
              value={user.role}
              disabled={changeRole.isPending}
              hideLabel
              onChange={(event) => changeRole.mutate(event.target.value as Role)}
            >
              {ROLES.filter((role) => grantOwner || role !== 'owner').map((role) => (
                <option key={role} value={role}>
                  {roleLabel(role)}
                </option>
              ))}
            </SelectField>
            {changeRole.isError && <ErrorNotice error={changeRole.error} />}
          </>
        ) : (
          roleLabel(user.role)
        )}
      </td>
      <td data-label="Status">
        <span className={user.status === 'active' ? 'badge badge-success' : 'badge badge-warning'}>{user.status === 'active' ? 'Active' : 'Invited'}</span>
      </td>
      {canManage && (
        <td className="cell-actions">
          {editable && (
            <button type="button" className="button button-small button-danger-quiet" onClick={() => onRemove(user)}>
              {user.status === 'invited' ? 'Withdraw invitation' : 'Remove access'}
              <span className="visually-hidden"> of {user.name}</span>
            </button>
          )}
        </td>
      )}
    </tr>
  );
}

interface InviteBody {
  email: string;
  name: string;
  role: Role;
  unitId: string;
}

function InviteForm({ units, onClose, onDone }: { units: Unit[]; onClose: () => void; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const { grantOwner } = usePermissions();
  const invite = useMutation({
    mutationFn: (body: InviteBody) => api.post('/users/invitations', body),
    onSuccess: (_result, body) => {
      for (const key of [keys.users, keys.members, keys.outbox, keys.units]) void queryClient.invalidateQueries({ queryKey: key });
      onDone(`An invitation is on its way to ${body.email}. It works for 7 days.`);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    invite.mutate({ email: text('email'), name: text('name'), role: text('role') as Role, unitId: text('unitId') });
  };
  return (
    <Modal title="Invite user" onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label="Email" name="email" type="email" autoComplete="off" required error={invite.error} />
        <TextField label="Name" name="name" autoComplete="off" required error={invite.error} />
        <SelectField label="Role" name="role" defaultValue="frontline" error={invite.error}>
          {ROLES.filter((role) => grantOwner || role !== 'owner').map((role) => (
            <option key={role} value={role}>
              {roleLabel(role)}: {ROLE_HELP[role]}
            </option>
          ))}
        </SelectField>
        <UnitSelect label="Unit" name="unitId" units={units} hint="Managers see this unit and everything under it." error={invite.error} />
        <FormError error={invite.error} fields={FIELDS} />
        <FormActions pending={invite.isPending} label="Send invitation" pendingLabel="Sending…" onCancel={onClose} />
      </form>
    </Modal>
  );
}

function RemoveAccess({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api.delete(`/users/${user.memberId}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.users });
      void queryClient.invalidateQueries({ queryKey: keys.members });
      onDone(`${user.name} can no longer sign in to this workspace.`);
    },
  });
  return (
    <ConfirmDialog
      title={user.status === 'invited' ? `Withdraw the invitation of ${user.name}?` : `Remove access of ${user.name}?`}
      confirmLabel={user.status === 'invited' ? 'Withdraw invitation' : 'Remove access'}
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
    >
      <p>{user.name} stays a member of the organisation but can no longer sign in to this workspace. You can invite them again later.</p>
    </ConfirmDialog>
  );
}
