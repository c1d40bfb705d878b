// Workspace settings → Branding: the colour and logo respondent pages show. The contrast verdict is
// computed here with the server's own rules while the colour is typed, so nobody saves blind.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, type FormEvent, useId, useState } from 'react';
import {
  type BrandingView,
  checkBrandColour,
  contrastRatio,
  formatRatio,
  isHexColour,
  LOGO_TYPES,
  MAX_LOGO_BYTES,
  MIN_TEXT_CONTRAST,
} from '../../domain/workspaces/branding-rules.ts';
import { ApiError, api, type FieldError } from '../api.ts';
import { useSession } from '../session.tsx';
import { TextField } from './Field.tsx';
import { ErrorNotice, FormError, Loading, Status } from './Notice.tsx';

const KEY = ['workspace', 'branding'] as const;
const ACCEPT = Object.keys(LOGO_TYPES).join(',');

/** PUT with the session's CSRF token: JSON for the colour, the raw file with its own image type for the logo. */
async function put(path: string, body: File | { colour: string | null }, csrfToken: string): Promise<BrandingView> {
  const raw = body instanceof File;
  const response = await fetch(`/api/v1${path}`, {
    method: 'PUT',
    headers: { accept: 'application/json', 'content-type': raw ? body.type || 'application/octet-stream' : 'application/json', 'x-csrf-token': csrfToken },
    credentials: 'same-origin',
    body: raw ? body : JSON.stringify(body),
  }).catch(() => {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  });
  const answer = (await response.json().catch(() => null)) as (BrandingView & { detail?: string; code?: string; errors?: FieldError[] }) | null;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      answer?.code ?? 'error',
      answer?.detail ?? `The server answered ${response.status}. Try again in a moment.`,
      answer?.errors,
    );
  }
  return answer as BrandingView;
}

export function BrandingSection({ canEdit }: { canEdit: boolean }) {
  const branding = useQuery({ queryKey: KEY, queryFn: () => api.get<BrandingView>('/workspace/branding') });
  return (
    <section className="card" aria-labelledby="branding-heading">
      <h2 id="branding-heading">Branding</h2>
      <p className="muted">The colour and logo respondents see on survey pages.</p>
      {branding.isPending && <Loading what="the branding" />}
      {branding.isError && <ErrorNotice error={branding.error} />}
      {branding.data && (
        <div className="stack">
          <ColourForm branding={branding.data} canEdit={canEdit} />
          <LogoForm branding={branding.data} canEdit={canEdit} />
        </div>
      )}
    </section>
  );
}

function useSave<T>(send: (input: T) => Promise<BrandingView>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: (saved) => queryClient.setQueryData(KEY, saved) });
}

function ColourForm({ branding, canEdit }: { branding: BrandingView; canEdit: boolean }) {
  const { csrfToken } = useSession();
  const [colour, setColour] = useState(branding.colour ?? '');
  const save = useSave((value: string | null) => put('/workspace/branding', { colour: value }, csrfToken));
  const valid = isHexColour(colour);
  const verdict = valid ? checkBrandColour(colour) : null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate(colour);
  };

  return (
    <form className="stack form-narrow" onSubmit={submit} noValidate>
      <TextField
        label="Brand colour"
        name="colour"
        hint="As #RRGGBB. Buttons carry white text on it, so it must be dark enough to read."
        value={colour}
        onChange={(event: ChangeEvent<HTMLInputElement>) => setColour(event.target.value.trim())}
        disabled={!canEdit}
        error={save.error}
        spellCheck={false}
      />
      {canEdit && (
        <label className="inline-form">
          <input type="color" value={valid ? colour.toLowerCase() : '#000000'} onChange={(event) => setColour(event.target.value)} />
          <span>Pick a colour</span>
        </label>
      )}
      <div aria-live="polite">
        {verdict ? (
          <p>
            {/* The sample button carries white text only when that text is readable (the portal itself must pass contrast checks). */}
            {verdict.ok ? (
              <span className="button" style={{ background: verdict.colour, color: '#fff', borderColor: verdict.colour }} aria-hidden="true">
                Next
              </span>
            ) : (
              <span
                style={{
                  display: 'inline-block',
                  width: '1.5em',
                  height: '1.5em',
                  verticalAlign: 'middle',
                  background: verdict.colour,
                  border: '1px solid #767676',
                }}
                aria-hidden="true"
              />
            )}{' '}
            {verdict.ok ? (
              <span className="badge badge-success">
                White text: {formatRatio(verdict.ratio)}, readable (at least {MIN_TEXT_CONTRAST}:1)
              </span>
            ) : (
              <span className="badge badge-danger">
                White text: {formatRatio(verdict.ratio)}, too light (needs {MIN_TEXT_CONTRAST}:1)
              </span>
            )}
          </p>
        ) : (
          <p className="muted">Type a colour as #RRGGBB, such as #1a5fb4.</p>
        )}
        {verdict && !verdict.ok && verdict.suggestion && canEdit && (
          <p>
            <button type="button" className="button button-small" onClick={() => setColour(verdict.suggestion ?? colour)}>
              Use {verdict.suggestion} ({formatRatio(contrastRatio(verdict.suggestion, '#ffffff'))})
            </button>
          </p>
        )}
      </div>
      <FormError error={save.error} fields={['colour']} />
      {save.isSuccess && <Status message={save.data.colour ? `The brand colour ${save.data.colour} is saved.` : 'The brand colour is removed.'} />}
      {canEdit && (
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={save.isPending || !verdict?.ok}>
            {save.isPending ? 'Saving…' : 'Set colour'}
          </button>
          {branding.colour && (
            <button type="button" className="button" disabled={save.isPending} onClick={() => save.mutate(null)}>
              Remove colour
            </button>
          )}
        </div>
      )}
    </form>
  );
}

function LogoForm({ branding, canEdit }: { branding: BrandingView; canEdit: boolean }) {
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const { csrfToken } = useSession();
  const upload = useSave((file: File) => put('/workspace/branding/logo', file, csrfToken));
  const remove = useSave((_: undefined) => api.delete<BrandingView>('/workspace/branding/logo'));
  const inputId = useId();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('logo');
    if (!(file instanceof File) || file.size === 0) return setTooLarge('Choose a logo file first.');
    if (file.size > MAX_LOGO_BYTES) return setTooLarge(`The file is ${Math.ceil(file.size / 1024)} KB; the logo may be at most ${MAX_LOGO_BYTES / 1024} KB.`);
    setTooLarge(null);
    upload.mutate(file, { onSuccess: () => (event.target as HTMLFormElement).reset() });
  };

  return (
    <form className="stack form-narrow" onSubmit={submit} noValidate>
      <h3>Logo</h3>
      {branding.logoUrl ? (
        <p>
          <img src={branding.logoUrl} alt="The current logo" style={{ maxHeight: 64, maxWidth: 240 }} />
        </p>
      ) : (
        <p className="muted">No logo yet: survey pages show the workspace name.</p>
      )}
      {canEdit && (
        <>
          <div className="field">
            <label htmlFor={inputId}>Logo file</label>
            <p className="hint">PNG, JPEG, WebP or SVG, at most {MAX_LOGO_BYTES / 1024} KB. SVGs with scripts or links to other files are refused.</p>
            <input id={inputId} name="logo" type="file" accept={ACCEPT} />
          </div>
          {tooLarge && (
            <p className="notice notice-error" role="alert">
              {tooLarge}
            </p>
          )}
          <FormError error={upload.error ?? remove.error} fields={[]} />
          {upload.isSuccess && <Status message="The logo is saved." />}
          {remove.isSuccess && !branding.logoUrl && <Status message="The logo is removed." />}
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={upload.isPending}>
              {upload.isPending ? 'Uploading…' : 'Upload logo'}
            </button>
            {branding.logoUrl && (
              <button type="button" className="button button-danger-quiet" disabled={remove.isPending} onClick={() => remove.mutate(undefined)}>
                Remove logo
              </button>
            )}
          </div>
        </>
      )}
    </form>
  );
}
