// Moving a case along: start, mark contacted, resolve (with root cause and outcome), close without
// contact, or reopen a closed case. Only the moves the server allows from the current status are
// offered; if it still refuses, its message says why.
import { type FormEvent, useState } from 'react';
import type { CaseDetailView, CaseStatusView } from '../../../domain/views.ts';
import { SelectField } from '../../components/Field.tsx';
import { FormActions, Modal } from '../../components/Modal.tsx';
import { ErrorNotice, FormError, Status } from '../../components/Notice.tsx';
import { CASE_OUTCOME_LABELS, CASE_STATUS_LABELS } from '../../format-cases.ts';
import { useCaseChange, useLoopSettings } from './queries.ts';

type Move = { to: CaseStatusView; label: string; primary?: boolean };

function movesFrom(item: CaseDetailView): Move[] {
  const contacted = item.firstContactAt !== null;
  switch (item.status) {
    case 'new':
      return [
        { to: 'in_progress', label: 'Start', primary: true },
        { to: 'contacted', label: 'Mark contacted' },
        { to: 'closed_without_contact', label: 'Close without contact' },
      ];
    case 'in_progress':
      return contacted
        ? [{ to: 'resolved', label: 'Resolve…', primary: true }]
        : [
            { to: 'contacted', label: 'Mark contacted', primary: true },
            { to: 'closed_without_contact', label: 'Close without contact' },
          ];
    case 'contacted':
      return [{ to: 'resolved', label: 'Resolve…', primary: true }];
    default:
      return [{ to: 'in_progress', label: 'Reopen' }];
  }
}

export function CaseStatusActions({ item }: { item: CaseDetailView }) {
  const [status, setStatus] = useState('');
  const [resolving, setResolving] = useState(false);
  const change = useCaseChange(item.id, (saved) => setStatus(`The case is ${CASE_STATUS_LABELS[saved.status].toLowerCase()}.`));
  return (
    <div className="stack">
      <div className="actions">
        {movesFrom(item).map((move) => (
          <button
            key={move.to}
            type="button"
            className={move.primary ? 'button button-primary' : 'button'}
            disabled={change.isPending}
            onClick={() => {
              setStatus('');
              if (move.to === 'resolved') setResolving(true);
              else change.mutate({ kind: 'patch', body: { status: move.to } });
            }}
          >
            {move.label}
          </button>
        ))}
      </div>
      {change.error && <ErrorNotice error={change.error} />}
      {status && <Status message={status} />}
      {resolving && (
        <ResolveDialog
          item={item}
          onClose={() => setResolving(false)}
          onDone={() => {
            setResolving(false);
            setStatus('The case is resolved.');
          }}
        />
      )}
    </div>
  );
}

function ResolveDialog({ item, onClose, onDone }: { item: CaseDetailView; onClose: () => void; onDone: () => void }) {
  const settings = useLoopSettings();
  const resolve = useCaseChange(item.id, onDone);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const rootCause = String(form.get('rootCause') ?? '');
    resolve.mutate({ kind: 'patch', body: { status: 'resolved', rootCause: rootCause || null, outcome: String(form.get('outcome')) } });
  };
  return (
    <Modal title="Resolve the case" onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <p>What was behind their answer, and did the follow-up win them back?</p>
        {settings.isError && <ErrorNotice error={settings.error} />}
        <SelectField
          label="Root cause"
          name="rootCause"
          defaultValue={item.rootCause ?? ''}
          error={resolve.error}
          hint="The list is kept in the loop settings."
        >
          <option value="">Not known</option>
          {settings.data?.rootCauses.map((cause) => (
            <option key={cause} value={cause}>
              {cause}
            </option>
          ))}
        </SelectField>
        <SelectField label="Outcome" name="outcome" defaultValue={item.outcome ?? 'recovered'} error={resolve.error}>
          {Object.entries(CASE_OUTCOME_LABELS).map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </SelectField>
        <FormError error={resolve.error} fields={['rootCause', 'outcome']} />
        <FormActions pending={resolve.isPending} label="Resolve case" onCancel={onClose} />
      </form>
    </Modal>
  );
}
