// Step 2: which contact field each column of the file fills, with what the column holds beside it,
// the import's options, and saving the mapping under a name for the next file (and the drop folder).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, type AttributeDefinition, api, type Import, type ImportMapping, type SavedImportMapping } from '../../api.ts';
import { SelectField, TextField } from '../Field.tsx';
import { FormActions } from '../Modal.tsx';
import { FormError, Status } from '../Notice.tsx';
import { ImportOptions, type Options } from './ImportOptions.tsx';
import { FIELD_LABELS, isActive } from './labels.ts';

export const mappingsKey = ['import-mappings'] as const;

/** Up to three different non-empty values of a column, as the first rows of the file hold them. */
function samplesOf(header: string, sample: { values: Record<string, string> }[]): string[] {
  const values = sample.map((row) => row.values[header]?.trim() ?? '').filter(Boolean);
  return [...new Set(values)].slice(0, 3);
}

const OWNER_HINT: Record<string, string> = {
  ownerEmail: 'Owners are matched by their email. If this column holds your CRM’s user IDs, choose “Owner: member’s external ID”.',
  ownerExternalId: 'Owners are matched by the external ID of their member. If the column holds emails, choose “Owner: member’s email”.',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function MappingForm({
  item,
  sample,
  definitions,
  onChecked,
  onCancel,
}: {
  item: Import;
  /** The first rows of the file, known right after the upload. */
  sample: { values: Record<string, string> }[] | undefined;
  definitions: AttributeDefinition[];
  onChecked: (unchanged: boolean) => void;
  onCancel?: () => void;
}) {
  const queryClient = useQueryClient();
  const [columns, setColumns] = useState<Record<string, string | null>>(() => ({ ...item.mapping.columns }));
  const [options, setOptions] = useState<Options>({ policy: item.policy, unknownOwners: item.unknownOwners });
  const mapping: ImportMapping = { version: 1, columns };
  const unchanged =
    item.dryRun &&
    item.policy === options.policy &&
    item.unknownOwners === options.unknownOwners &&
    item.headers.every((header) => (item.mapping.columns[header] ?? null) === (columns[header] ?? null));

  const check = useMutation({
    mutationFn: async () => {
      if (unchanged) return null;
      // The check that started with the upload may still run; the file is checked again once it is done.
      let current = await api.get<Import>(`/imports/${item.id}`);
      while (isActive(current)) {
        await sleep(500);
        current = await api.get<Import>(`/imports/${item.id}`);
      }
      return api.post<Import>(`/imports/${item.id}/run`, { dryRun: true, mapping, ...options });
    },
    onSuccess: async (queued) => {
      if (queued) queryClient.setQueryData(['imports', 'one', item.id], { ...queued, problems: [] });
      await queryClient.invalidateQueries({ queryKey: ['imports'] });
      onChecked(queued === null);
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    check.mutate();
  };
  const fieldErrors = check.error instanceof ApiError ? check.error.fieldErrors : [];

  return (
    <div className="stack import-map">
      <form className="stack" onSubmit={submit} noValidate>
        <section className="card card-flush" aria-labelledby="map-heading">
          <h2 id="map-heading" className="card-title" tabIndex={-1} data-step-heading>
            Map the columns of {item.fileName}
          </h2>
          <p className="card-intro muted">
            Choose the contact field each column fills. Contacts are matched by external ID, or by email when a row has none, so map at least one of them.
            Columns left out are not imported.
          </p>
          <div className="table-scroll">
            <table className="table mapping-table">
              <thead>
                <tr>
                  <th scope="col">Column in the file</th>
                  <th scope="col">First values</th>
                  <th scope="col">Contact field</th>
                </tr>
              </thead>
              <tbody>
                {item.headers.map((header) => {
                  const values = sample ? samplesOf(header, sample) : [];
                  const target = columns[header] ?? '';
                  return (
                    <tr key={header}>
                      <th scope="row">{header}</th>
                      <td data-label="First values">
                        {values.length > 0 ? (
                          <ul className="samples">
                            {values.map((value) => (
                              <li key={value}>{value}</li>
                            ))}
                          </ul>
                        ) : (
                          <span className="muted">{sample ? 'Empty in the first rows' : 'Shown right after an upload'}</span>
                        )}
                      </td>
                      <td data-label="Contact field">
                        <SelectField
                          label={`Field for the column ${header}`}
                          hideLabel
                          name={`mapping.columns.${header}`}
                          value={target}
                          hint={OWNER_HINT[target]}
                          error={check.error}
                          onChange={(event) => setColumns((current) => ({ ...current, [header]: event.target.value || null }))}
                        >
                          <option value="">Leave out</option>
                          <optgroup label="Contact">
                            {Object.entries(FIELD_LABELS).map(([field, label]) => (
                              <option key={field} value={field}>
                                {label}
                              </option>
                            ))}
                          </optgroup>
                          {definitions.length > 0 && (
                            <optgroup label="Custom attributes">
                              {definitions.map((definition) => (
                                <option key={definition.key} value={`attr.${definition.key}`}>
                                  {definition.label}
                                </option>
                              ))}
                            </optgroup>
                          )}
                        </SelectField>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
        <section className="card stack" aria-labelledby="options-heading">
          <h2 id="options-heading">Options</h2>
          <ImportOptions value={options} onChange={setOptions} />
        </section>
        {check.error !== null && (
          <div className="notice notice-error" role="alert">
            <p>{fieldErrors.length > 0 ? 'The mapping cannot be used yet:' : check.error.message}</p>
            {fieldErrors.length > 0 && (
              <ul>
                {fieldErrors.map((error) => (
                  <li key={`${error.field} ${error.message}`}>{error.message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <FormActions pending={check.isPending} label="Check the file with this mapping" pendingLabel="Checking…" onCancel={onCancel} />
      </form>
      <SaveMapping mapping={mapping} headers={item.headers} />
    </div>
  );
}

/** Saves the mapping as it is on screen; the same name replaces an earlier one. */
function SaveMapping({ mapping, headers }: { mapping: ImportMapping; headers: string[] }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState('');
  const save = useMutation({
    mutationFn: (name: string) => api.post<SavedImportMapping>('/import-mappings', { name, mapping, headers }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: mappingsKey });
      setStatus(`The mapping ${saved.name} is saved. Choose it when you upload the next file with these columns.`);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setStatus('');
    save.mutate(String(new FormData(event.currentTarget).get('name') ?? '').trim());
  };
  return (
    <section className="card" aria-labelledby="save-heading">
      <form className="stack form-narrow" onSubmit={submit} noValidate>
        <h2 id="save-heading">Save the mapping for the next file</h2>
        <TextField
          label="Name"
          name="name"
          autoComplete="off"
          hint="Such as CRM nightly export. The drop folder uses saved mappings too; the same name replaces the earlier mapping."
          error={save.error}
        />
        <FormError error={save.error} fields={['name']} />
        {status && <Status message={status} />}
        <div className="actions">
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save mapping'}
          </button>
        </div>
      </form>
    </section>
  );
}
