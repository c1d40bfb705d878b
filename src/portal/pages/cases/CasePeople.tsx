// Who works on a case and how it is labelled: the owner (managers and up hand it to someone
// else), watchers (they see the case and follow it) and tags.
import { type FormEvent, useState } from 'react';
import type { CaseDetailView } from '../../../domain/views.ts';
import { TextField } from '../../components/Field.tsx';
import { ItemButton } from '../../components/ItemActions.tsx';
import { MemberPicker } from '../../components/MemberPicker.tsx';
import { FormActions } from '../../components/Modal.tsx';
import { FormError, Status } from '../../components/Notice.tsx';
import { usePermissions } from '../../session.tsx';
import { useCaseChange } from './queries.ts';

export function CasePeople({ item }: { item: CaseDetailView }) {
  const { workCases, reassignCases } = usePermissions();
  const [status, setStatus] = useState('');
  const [formKey, setFormKey] = useState(0);
  const change = useCaseChange(item.id, () => setFormKey((key) => key + 1));
  const patch = (body: Record<string, unknown>, message: string) => {
    setStatus('');
    change.mutate({ kind: 'patch', body }, { onSuccess: () => setStatus(message) });
  };
  const reassign = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const ownerMemberId = String(new FormData(event.currentTarget).get('ownerMemberId') ?? '');
    if (ownerMemberId) patch({ ownerMemberId }, 'The case has a new owner.');
  };
  const addWatcher = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const watcher = String(new FormData(event.currentTarget).get('watcherMemberId') ?? '');
    if (watcher) patch({ watcherMemberIds: [...item.watcherMemberIds, watcher] }, 'The watcher is added.');
  };
  const saveTags = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get('tags') ?? '');
    const tags = text
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    patch({ tags }, 'The tags are saved.');
  };
  const fields = ['ownerMemberId', 'watcherMemberIds', 'tags'];

  return (
    <section className="card stack" aria-labelledby="people-heading">
      <h2 id="people-heading">Owner, watchers and tags</h2>
      {reassignCases && (
        <form key={`owner-${formKey}`} className="stack" onSubmit={reassign} aria-label="Reassign" noValidate>
          <MemberPicker label="Owner" name="ownerMemberId" initial={item.ownerMemberId} error={change.error} emptyLabel="Choose a new owner" />
          <FormActions pending={change.isPending} label="Reassign" />
        </form>
      )}
      <div>
        <h3>Watchers</h3>
        {item.watchers.length === 0 ? (
          <p className="muted">Nobody watches this case.</p>
        ) : (
          <ul className="plain-list watcher-list">
            {item.watchers.map((watcher) => (
              <li key={watcher.id}>
                {watcher.name}{' '}
                {workCases && (
                  <ItemButton
                    label="Remove"
                    item={watcher.name}
                    disabled={change.isPending}
                    onClick={() =>
                      patch({ watcherMemberIds: item.watcherMemberIds.filter((id) => id !== watcher.id) }, `${watcher.name} no longer watches the case.`)
                    }
                  />
                )}
              </li>
            ))}
          </ul>
        )}
        {workCases && (
          <form key={`watcher-${formKey}`} className="stack" onSubmit={addWatcher} aria-label="Add a watcher" noValidate>
            <MemberPicker label="Watcher" name="watcherMemberId" initial={null} emptyLabel="Choose a person" />
            <FormActions pending={change.isPending} label="Add watcher" />
          </form>
        )}
      </div>
      <div>
        <h3>Tags</h3>
        {workCases ? (
          <form key={`tags-${formKey}`} className="stack" onSubmit={saveTags} aria-label="Tags" noValidate>
            <TextField label="Tags" name="tags" defaultValue={item.tags.join(', ')} hint="Separated by commas, such as delivery, vip." error={change.error} />
            <FormActions pending={change.isPending} label="Save tags" />
          </form>
        ) : (
          <p>{item.tags.length > 0 ? item.tags.join(', ') : <span className="muted">No tags.</span>}</p>
        )}
      </div>
      <FormError error={change.error} fields={fields} />
      {status && <Status message={status} />}
    </section>
  );
}
