// A modal built on <dialog>: the browser traps focus, closes on Escape and restores focus.
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { FormError } from './Notice.tsx';

export function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const opener = document.activeElement;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // The parent unmounts the dialog to close it; give focus back to what opened it.
    return () => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog ref={ref} className="modal" aria-labelledby={titleId} onClose={onClose}>
      <div className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="button-icon" aria-label="Close" onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {children}
    </dialog>
  );
}

interface ConfirmProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before something that cannot be undone; shows the server's answer if it refuses. */
export function ConfirmDialog({ title, children, confirmLabel, pending, error, onConfirm, onClose }: ConfirmProps) {
  return (
    <Modal title={title} onClose={onClose}>
      <div className="stack">
        {children}
        <FormError error={error} fields={[]} />
        <div className="actions">
          <button type="button" className="button button-danger" disabled={pending} onClick={onConfirm}>
            {pending ? 'Working…' : confirmLabel}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </Modal>
  );
}

/** The submit button (and Cancel, inside a dialog) at the foot of a form. */
export function FormActions({
  pending,
  label,
  pendingLabel = 'Saving…',
  onCancel,
}: {
  pending: boolean;
  label: string;
  pendingLabel?: string;
  onCancel?: () => void;
}) {
  return (
    <div className="actions">
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
      {onCancel && (
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
