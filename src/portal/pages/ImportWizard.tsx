// The contact import wizard. /imports/new uploads the file as a dry run; /imports/:id then maps its
// columns (step=map), shows what the import would do, runs it for real with progress, and shows the
// result. Every step is one import on the server, so a reload or a shared link lands on the same step.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, api, type CreatedImport, type ImportDetail, type SavedImportMapping } from '../api.ts';
import { SelectField, TextField } from '../components/Field.tsx';
import { ImportOptions, type Options } from '../components/import/ImportOptions.tsx';
import { ImportProgress } from '../components/import/ImportProgress.tsx';
import { ImportCounts, ImportProblems } from '../components/import/ImportReport.tsx';
import { ImportSteps } from '../components/import/ImportSteps.tsx';
import { fileSize, isActive } from '../components/import/labels.ts';
import { MappingForm, mappingsKey } from '../components/import/MappingForm.tsx';
import { FormActions } from '../components/Modal.tsx';
import { ErrorNotice, FormError, Loading } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDateTime, formatNumber } from '../format.ts';
import { keys, useAttributeDefinitions } from '../queries.ts';

const importKey = (id: string) => ['imports', 'one', id] as const;
const ACCEPT = '.csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_FIELDS = ['file', 'mappingId', 'policy', 'unknownOwners'];

/** What the upload step hands to the mapping step (kept in the history entry, so a reload keeps it). */
interface UploadState {
  sample?: CreatedImport['sample'];
}

export function NewImport() {
  const navigate = useNavigate();
  const mappings = useQuery({ queryKey: mappingsKey, queryFn: async () => (await api.get<{ items: SavedImportMapping[] }>('/import-mappings')).items });
  const [options, setOptions] = useState<Options>({ policy: 'skip_bad_rows', unknownOwners: 'report' });
  const [missingFile, setMissingFile] = useState<ApiError | null>(null);
  const upload = useMutation({
    mutationFn: (form: FormData) => api.upload<CreatedImport>('/imports', form),
    onSuccess: (created) => navigate(`/imports/${created.id}?step=map`, { state: { sample: created.sample } satisfies UploadState }),
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const chosen = new FormData(event.currentTarget);
    const file = chosen.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setMissingFile(new ApiError(400, 'validation_failed', 'Choose the file to import.', [{ field: 'file', message: 'Choose a CSV, TXT or XLSX file' }]));
      return;
    }
    setMissingFile(null);
    // Fields first, the file last: the server reads the fields while the file streams in.
    const form = new FormData();
    const mappingId = String(chosen.get('mappingId') ?? '');
    if (mappingId) form.set('mappingId', mappingId);
    form.set('policy', options.policy);
    form.set('unknownOwners', options.unknownOwners);
    form.set('dryRun', 'true');
    form.set('file', file, file.name);
    upload.mutate(form);
  };
  const error = missingFile ?? upload.error;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/imports">Imports</Link>
      </p>
      <PageHeader
        title="Import contacts"
        intro="Add or update contacts from a file, such as an export from your CRM. You see what the import would do before anything is stored."
      />
      <ImportSteps current="Upload" />
      <form className="card stack" onSubmit={submit} noValidate>
        <h2>Upload the file</h2>
        <TextField
          type="file"
          label="File"
          name="file"
          accept={ACCEPT}
          onChange={() => {
            setMissingFile(null);
            upload.reset();
          }}
          hint="CSV or TXT (comma, semicolon or tab between values) or XLSX, with the column names in the first row. Up to 512 MB."
          error={error}
        />
        {mappings.data && mappings.data.length > 0 ? (
          <SelectField
            label="Column mapping"
            name="mappingId"
            defaultValue=""
            hint="A saved mapping fits files with the same columns, such as the same export every night. You can correct it in the next step."
            error={error}
          >
            <option value="">Suggest from the column names</option>
            {mappings.data.map((mapping) => (
              <option key={mapping.id} value={mapping.id}>
                {mapping.name}
              </option>
            ))}
          </SelectField>
        ) : (
          <p className="hint">The columns are matched to contact fields by their names. You check and correct that in the next step.</p>
        )}
        <ImportOptions value={options} onChange={setOptions} />
        <FormError error={error} fields={UPLOAD_FIELDS} />
        <FormActions pending={upload.isPending} label="Upload and check" pendingLabel="Uploading…" />
      </form>
    </>
  );
}

export function ImportPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const definitions = useAttributeDefinitions();
  const query = useQuery({
    queryKey: importKey(id),
    queryFn: () => api.get<ImportDetail>(`/imports/${id}`),
    // Polls while the job runs; stops when it has finished.
    refetchInterval: (current) => (current.state.data && isActive(current.state.data) ? 1000 : false),
  });
  const item = query.data;
  const active = item !== undefined && isActive(item);
  // A file that retention deleted cannot be checked or imported again; its report stays.
  const canMap = item !== undefined && item.fileRemovedAt === null && (item.dryRun || item.status === 'rejected' || item.status === 'failed');
  const mapping = canMap && params.get('step') === 'map';
  const stage = item === undefined ? '' : mapping ? 'map' : `${item.dryRun ? 'check' : 'import'}-${active ? 'running' : item.status}`;

  // A new step or outcome moves focus to its heading, so keyboard and screen reader users follow.
  const shownStage = useRef(stage);
  useEffect(() => {
    if (shownStage.current === stage || shownStage.current === '') {
      shownStage.current = stage;
      return;
    }
    shownStage.current = stage;
    document.querySelector<HTMLElement>('[data-step-heading]')?.focus();
  }, [stage]);

  // Contacts written by a real import show in the contact list at once.
  const finishedForReal = item !== undefined && !item.dryRun && !active;
  useEffect(() => {
    if (!finishedForReal) return;
    void queryClient.invalidateQueries({ queryKey: keys.contacts });
    void queryClient.invalidateQueries({ queryKey: ['imports', 'list'] });
  }, [finishedForReal, queryClient]);

  const run = useMutation({
    mutationFn: (dryRun: boolean) => api.post<ImportDetail>(`/imports/${id}/run`, { dryRun }),
    onSuccess: (queued) => queryClient.setQueryData(importKey(id), { ...queued, problems: [] }),
  });

  if (query.isPending) return <Loading what="the import" />;
  if (query.isError || !item)
    return (
      <>
        <PageHeader title="Import contacts" />
        <ErrorNotice error={query.error} />
        <p>
          <Link to="/imports">Back to imports</Link>
        </p>
      </>
    );

  const sample = (location.state as UploadState | null)?.sample;
  // The sample rows travel in the history entry's state; keep them when the step changes.
  const showMapping = () => setParams({ step: 'map' }, { state: location.state });
  const hideMapping = () => setParams({}, { replace: true, state: location.state });

  return (
    <>
      <p className="breadcrumb">
        <Link to="/imports">Imports</Link>
      </p>
      <PageHeader
        title="Import contacts"
        intro={`${item.fileName} · ${fileSize(item.fileSize)} · uploaded ${formatDateTime(item.createdAt)}${item.dryRun ? '' : ' · imported for real'}`}
      />
      <ImportSteps current={mapping ? 'Map columns' : item.dryRun ? 'Check' : 'Import'} />
      {mapping ? (
        definitions.data ? (
          <MappingForm
            key={item.id}
            item={item}
            sample={sample}
            definitions={definitions.data}
            onChecked={hideMapping}
            onCancel={item.dryRun && !active && item.counts ? hideMapping : undefined}
          />
        ) : (
          <Loading what="the contact fields" />
        )
      ) : (
        <section className="card stack" aria-labelledby="step-heading">
          {active ? (
            <>
              <h2 id="step-heading" tabIndex={-1} data-step-heading>
                {item.dryRun ? 'Checking the file' : 'Importing the contacts'}
              </h2>
              <ImportProgress item={item} />
            </>
          ) : (
            <Outcome item={item} onRun={(dryRun) => run.mutate(dryRun)} running={run.isPending} onChangeMapping={canMap ? showMapping : undefined} />
          )}
          <FormError error={run.error} fields={[]} />
        </section>
      )}
    </>
  );
}

const HEADINGS = {
  check: { succeeded: 'What the import would do', rejected: 'The file would be rejected', failed: 'The check failed' },
  import: { succeeded: 'The contacts are imported', rejected: 'The file was rejected', failed: 'The import failed' },
} as const;

/** A finished dry run or import: what happened, the problems, and what can be done next. */
function Outcome({
  item,
  onRun,
  running,
  onChangeMapping,
}: {
  item: ImportDetail;
  onRun: (dryRun: boolean) => void;
  running: boolean;
  onChangeMapping: (() => void) | undefined;
}) {
  const status = item.status === 'queued' || item.status === 'running' ? 'failed' : item.status;
  const counts = item.counts;
  const runnable = item.fileRemovedAt === null;
  return (
    <>
      <h2 id="step-heading" tabIndex={-1} data-step-heading>
        {HEADINGS[item.dryRun ? 'check' : 'import'][status]}
      </h2>
      {status === 'failed' && <ErrorNotice error={new Error(item.error ?? 'The job stopped without saying why. Run it again.')} />}
      {counts && (
        <p>
          {formatNumber(counts.rowsRead)} {counts.rowsRead === 1 ? 'row' : 'rows'} read.{' '}
          {item.dryRun ? 'Nothing is stored yet: this was a dry run.' : status === 'succeeded' ? 'The contacts are stored.' : 'Nothing is stored.'}
        </p>
      )}
      {status === 'rejected' && (
        <p className="notice notice-warning">
          You chose to import nothing if any row has a problem, and {formatNumber(counts?.skipped ?? item.problemCount)} rows have problems. Fix them in the
          file and upload it again, or change the options to skip them.
        </p>
      )}
      {!runnable && (item.dryRun || status !== 'succeeded') && (
        <p className="notice notice-info">
          The uploaded file was deleted on {formatDateTime(item.fileRemovedAt ?? '')}: files are kept for a limited time after their import. Upload it again to
          check or import it; this report stays.
        </p>
      )}
      {status !== 'failed' && <ImportCounts item={item} />}
      {counts && (
        <>
          <h3>Problems</h3>
          <ImportProblems item={item} />
        </>
      )}
      {item.dryRun && status === 'succeeded' && counts && (
        <p>
          Importing for real creates {formatNumber(counts.created)} and updates {formatNumber(counts.updated)}{' '}
          {counts.created + counts.updated === 1 ? 'contact' : 'contacts'}
          {counts.skipped > 0 ? `, and skips ${formatNumber(counts.skipped)} ${counts.skipped === 1 ? 'row' : 'rows'} with problems.` : '.'}
        </p>
      )}
      <div className="actions">
        {runnable && item.dryRun && status === 'succeeded' && (
          <button type="button" className="button button-primary" disabled={running} onClick={() => onRun(false)}>
            {running ? 'Starting…' : 'Import for real'}
          </button>
        )}
        {runnable && status === 'failed' && (
          <button type="button" className="button button-primary" disabled={running} onClick={() => onRun(item.dryRun)}>
            {running ? 'Starting…' : 'Run again'}
          </button>
        )}
        {onChangeMapping && (
          <button type="button" className="button" onClick={onChangeMapping}>
            Change the mapping or options
          </button>
        )}
        {!item.dryRun && status === 'succeeded' && (
          <>
            <Link to="/contacts" className="button button-primary">
              See the contacts
            </Link>
            <Link to="/imports/new" className="button">
              Import another file
            </Link>
          </>
        )}
      </div>
    </>
  );
}
