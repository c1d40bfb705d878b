// The actions a row of a list offers (edit, delete, …) and the dialog every delete goes through.
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { api } from '../api.ts';
import { ConfirmDialog } from './Modal.tsx';

/**
 * A small button acting on one item of a list. Screen readers hear the item's name after the label
 * ("Delete Nordic region"), since a table holds many buttons with the same visible label.
 */
export function ItemButton({
  label,
  item,
  danger = false,
  disabled,
  id,
  onClick,
}: {
  label: string;
  item: string;
  danger?: boolean;
  disabled?: boolean;
  id?: string;
  onClick: () => void;
}) {
  return (
    <button type="button" id={id} className={danger ? 'button button-small button-danger-quiet' : 'button button-small'} disabled={disabled} onClick={onClick}>
      {label}
      <span className="visually-hidden"> {item}</span>
    </button>
  );
}

/** A rule's on/off switch in a table row: a checkbox for those who may change it, the word for the rest. */
export function OnOffCell({
  name,
  enabled,
  canChange,
  pending,
  onToggle,
}: {
  name: string;
  enabled: boolean;
  canChange: boolean;
  pending: boolean;
  onToggle: () => void;
}) {
  return (
    <td data-label="On">
      {canChange ? (
        <label className="checkbox">
          <input type="checkbox" checked={enabled} disabled={pending} onChange={onToggle} />
          <span className="visually-hidden">{name} is </span>
          {enabled ? 'On' : 'Off'}
        </label>
      ) : enabled ? (
        'On'
      ) : (
        'Off'
      )}
    </td>
  );
}

/** The Edit and Delete buttons of a table row. */
export function EditDeleteCell({ item, onEdit, onDelete }: { item: string; onEdit: () => void; onDelete: () => void }) {
  return (
    <td className="cell-actions">
      <div className="row-actions">
        <ItemButton label="Edit" item={item} onClick={onEdit} />
        <ItemButton label="Delete" item={item} danger onClick={onDelete} />
      </div>
    </td>
  );
}

/**
 * Asks before deleting `path` (relative to the API), then refreshes the queries that showed it.
 * `noun` names the kind of thing in the confirm button ("Delete member").
 */
export function DeleteDialog({
  name,
  noun,
  path,
  refresh,
  children,
  onClose,
  onDeleted,
}: {
  name: string;
  noun: string;
  path: string;
  refresh: readonly QueryKey[];
  children: ReactNode;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api.delete(path),
    onSuccess: async () => {
      await Promise.all(refresh.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      onDeleted();
    },
  });
  return (
    <ConfirmDialog
      title={`Delete ${name}?`}
      confirmLabel={`Delete ${noun}`}
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
    >
      {children}
    </ConfirmDialog>
  );
}

/** The state of a list of rules that can be switched on and off, created, edited and deleted in
 * dialogs: which dialog is open, the last status message, and the switch (PATCH `{ enabled }`). */
export function useRuleList<R extends { id: string; name: string; enabled: boolean }>(path: string, queryKey: QueryKey) {
  const [editing, setEditing] = useState<{ kind: 'create' } | { kind: 'edit' | 'delete'; rule: R } | null>(null);
  const [status, setStatus] = useState('');
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: (rule: R) => api.patch<R>(`${path}/${rule.id}`, { enabled: !rule.enabled }),
    onSuccess: async (rule) => {
      await queryClient.invalidateQueries({ queryKey });
      setStatus(`${rule.name} is ${rule.enabled ? 'switched on' : 'switched off'}.`);
    },
  });
  const done = (message: string) => {
    setEditing(null);
    setStatus(message);
  };
  return { editing, setEditing, status, toggle, done };
}
