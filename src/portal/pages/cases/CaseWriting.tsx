// Writing on a case: a note for colleagues (or a logged call, which counts as first contact) and a
// reply to the customer by email, sent as the owner and threaded with earlier replies.
import { type FormEvent, useState } from 'react';
import type { CaseDetailView } from '../../../domain/views.ts';
import { TextAreaField, TextField } from '../../components/Field.tsx';
import { FormActions } from '../../components/Modal.tsx';
import { FormError, Status } from '../../components/Notice.tsx';
import { useCaseChange } from './queries.ts';

export function NoteForm({ caseId }: { caseId: string }) {
  const [status, setStatus] = useState('');
  const [formKey, setFormKey] = useState(0);
  const add = useCaseChange(caseId, (saved) => {
    setStatus(saved.timeline.at(-1)?.kind === 'call' ? 'The call is logged.' : 'The note is added.');
    setFormKey((key) => key + 1);
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setStatus('');
    add.mutate({ kind: 'note', text: String(form.get('text') ?? ''), call: form.has('call') });
  };
  return (
    <section className="card" aria-labelledby="note-heading">
      <h2 id="note-heading">Add a note</h2>
      <form key={formKey} className="stack" onSubmit={submit} noValidate>
        <TextAreaField label="Note" name="text" rows={4} hint="Only your colleagues see notes." error={add.error} />
        <label className="checkbox">
          <input type="checkbox" name="call" /> I called the customer (counts as first contact)
        </label>
        <FormError error={add.error} fields={['text']} />
        <FormActions pending={add.isPending} label="Add note" />
      </form>
      {status && <Status message={status} />}
    </section>
  );
}

export function ReplyForm({ item }: { item: CaseDetailView }) {
  const [status, setStatus] = useState('');
  const [formKey, setFormKey] = useState(0);
  const send = useCaseChange(item.id, () => {
    setStatus('The reply is sent.');
    setFormKey((key) => key + 1);
  });
  const email = item.contact?.email;
  const earlier = item.timeline.filter((event) => event.kind === 'reply');
  const lastSubject = earlier.at(-1)?.data.subject;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setStatus('');
    send.mutate({ kind: 'reply', subject: String(form.get('subject') ?? '').trim() || undefined, text: String(form.get('text') ?? '') });
  };
  return (
    <section className="card" aria-labelledby="reply-heading">
      <h2 id="reply-heading">Reply to the customer</h2>
      {!email ? (
        <p className="muted">There is no email address to reply to. Call them, or close the case without contact.</p>
      ) : (
        <form key={formKey} className="stack" onSubmit={submit} noValidate>
          <p className="muted small">To {email}, from you on the company's address; their answer comes back to you. Counts as first contact.</p>
          <TextField
            label="Subject"
            name="subject"
            error={send.error}
            hint={
              typeof lastSubject === 'string'
                ? `Leave empty to answer "Re: ${lastSubject.replace(/^Re: /, '')}".`
                : 'Leave empty for "Your feedback to" and the company\'s name.'
            }
          />
          <TextAreaField label="Message" name="text" rows={6} error={send.error} />
          <FormError error={send.error} fields={['subject', 'text']} />
          <FormActions pending={send.isPending} label="Send reply" pendingLabel="Sending…" />
        </form>
      )}
      {status && <Status message={status} />}
    </section>
  );
}
