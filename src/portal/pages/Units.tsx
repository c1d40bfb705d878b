import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, type Unit } from '../api.ts';
import { TextField } from '../components/Field.tsx';
import { DeleteDialog, ItemButton } from '../components/ItemActions.tsx';
import { MemberPicker, useMember } from '../components/MemberPicker.tsx';
import { FormActions, Modal } from '../components/Modal.tsx';
import { ErrorNotice, FormError, Loading, Status } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { subtreeOf, UnitSelect } from '../components/UnitSelect.tsx';
import { keys, useUnits } from '../queries.ts';
import { usePermissions } from '../session.tsx';

type Editing = { kind: 'create'; parentId: string } | { kind: 'edit'; unit: Unit } | { kind: 'delete'; unit: Unit };

const FIELDS = ['name', 'parentId', 'externalId', 'managerMemberId'] as const;

export function Units() {
  const units = useUnits();
  const { editOrganisation } = usePermissions();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [status, setStatus] = useState('');
  const root = units.data?.[0];

  const done = (message: string) => {
    setEditing(null);
    setStatus(message);
  };

  return (
    <>
      <PageHeader
        title="Units"
        intro="Your organisation as a tree: company, regions, branches, teams. Managers see the units under theirs."
        actions={
          editOrganisation &&
          root && (
            <button type="button" className="button button-primary" onClick={() => setEditing({ kind: 'create', parentId: root.id })}>
              Add unit
            </button>
          )
        }
      />
      {status && <Status message={status} />}
      {units.isPending && <Loading what="units" />}
      {units.isError && <ErrorNotice error={units.error} />}
      {units.data && (
        <section className="card" aria-label="Unit tree">
          <UnitTree units={units.data} parentId={null} canEdit={editOrganisation} onEdit={setEditing} />
        </section>
      )}
      {units.data && editing?.kind === 'create' && <UnitForm units={units.data} parentId={editing.parentId} onClose={() => setEditing(null)} onDone={done} />}
      {units.data && editing?.kind === 'edit' && (
        <UnitForm units={units.data} unit={editing.unit} parentId={editing.unit.parentId} onClose={() => setEditing(null)} onDone={done} />
      )}
      {editing?.kind === 'delete' && <DeleteUnit unit={editing.unit} onClose={() => setEditing(null)} onDone={done} />}
    </>
  );
}

interface TreeProps {
  units: Unit[];
  parentId: string | null;
  canEdit: boolean;
  onEdit: (editing: Editing) => void;
}

/** One level of the tree; units whose parent is not visible (a manager's own unit) start it. */
function UnitTree({ units, parentId, canEdit, onEdit }: TreeProps) {
  const ids = new Set(units.map((u) => u.id));
  const level = units.filter((u) => (parentId === null ? u.parentId === null || !ids.has(u.parentId) : u.parentId === parentId));
  if (level.length === 0) return null;
  return (
    <ul className={parentId === null ? 'tree' : 'tree-children'}>
      {level.map((unit) => (
        <li key={unit.id}>
          <UnitRow unit={unit} canEdit={canEdit} onEdit={onEdit} />
          <UnitTree units={units} parentId={unit.id} canEdit={canEdit} onEdit={onEdit} />
        </li>
      ))}
    </ul>
  );
}

function UnitRow({ unit, canEdit, onEdit }: { unit: Unit; canEdit: boolean; onEdit: (editing: Editing) => void }) {
  const manager = useMember(unit.managerMemberId);
  return (
    <div className="tree-row">
      <div className="tree-text">
        <span className="tree-name">{unit.name}</span>
        <span className="muted small">
          {unit.memberCount === 1 ? '1 member' : `${unit.memberCount} members`}
          {manager.data && ` · Manager: ${manager.data.name}`}
          {unit.externalId && ` · ID ${unit.externalId}`}
        </span>
      </div>
      {canEdit && (
        <div className="row-actions">
          <button type="button" className="button button-small" onClick={() => onEdit({ kind: 'create', parentId: unit.id })}>
            Add unit<span className="visually-hidden"> under {unit.name}</span>
          </button>
          <ItemButton label="Edit" item={unit.name} onClick={() => onEdit({ kind: 'edit', unit })} />
          {unit.parentId !== null && <ItemButton label="Delete" item={unit.name} danger onClick={() => onEdit({ kind: 'delete', unit })} />}
        </div>
      )}
    </div>
  );
}

interface UnitBody {
  name: string;
  parentId?: string;
  externalId: string | null;
  managerMemberId: string | null;
}

interface FormProps {
  units: Unit[];
  /** The unit being edited; absent when adding one. */
  unit?: Unit;
  parentId: string | null;
  onClose: () => void;
  onDone: (message: string) => void;
}

function UnitForm({ units, unit, parentId, onClose, onDone }: FormProps) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (body: UnitBody) => (unit ? api.patch<Unit>(`/units/${unit.id}`, body) : api.post<Unit>('/units', body)),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: keys.units });
      onDone(unit ? `Unit ${saved.name} is saved.` : `Unit ${saved.name} is added.`);
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    save.mutate({
      name: text('name'),
      parentId: form.has('parentId') ? text('parentId') : undefined,
      externalId: text('externalId') || null,
      managerMemberId: text('managerMemberId') || null,
    });
  };

  return (
    <Modal title={unit ? `Edit ${unit.name}` : 'Add unit'} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label="Name" name="name" defaultValue={unit?.name} required error={save.error} />
        {parentId !== null && (
          <UnitSelect
            label={unit ? 'Parent unit' : 'Under'}
            name="parentId"
            units={units}
            defaultValue={parentId}
            exclude={unit ? subtreeOf(units, unit.id) : undefined}
            hint={unit ? 'Choose another parent to move this unit with everything under it.' : undefined}
            error={save.error}
          />
        )}
        <TextField
          label="External ID"
          name="externalId"
          defaultValue={unit?.externalId ?? ''}
          hint="Optional: the unit's id in your CRM or HR system."
          error={save.error}
        />
        <MemberPicker label="Manager" name="managerMemberId" initial={unit?.managerMemberId ?? null} error={save.error} />
        <FormError error={save.error} fields={FIELDS} />
        <FormActions pending={save.isPending} label={unit ? 'Save' : 'Add unit'} onCancel={onClose} />
      </form>
    </Modal>
  );
}

function DeleteUnit({ unit, onClose, onDone }: { unit: Unit; onClose: () => void; onDone: (message: string) => void }) {
  return (
    <DeleteDialog
      name={unit.name}
      noun="unit"
      path={`/units/${unit.id}`}
      refresh={[keys.units]}
      onClose={onClose}
      onDeleted={() => onDone(`Unit ${unit.name} is deleted.`)}
    >
      <p>Only an empty unit can be deleted: move its members and child units elsewhere first.</p>
    </DeleteDialog>
  );
}
