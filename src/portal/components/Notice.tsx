// Messages: failed requests, form errors, loading and success, announced to screen readers.
import { ApiError } from '../api.ts';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : 'Something went wrong. Try again.');

/** Why a form was not accepted. Field messages sit beside their fields; the rest is said here. */
export function FormError({ error, fields }: { error: unknown; fields: readonly string[] }) {
  if (!error) return null;
  const allBesideFields = error instanceof ApiError && error.onlyAbout(fields);
  return (
    <p className="notice notice-error" role="alert">
      {allBesideFields ? 'Correct the highlighted fields and try again.' : messageOf(error)}
    </p>
  );
}

/** A page or section that could not be loaded (for example 403 for a role without access). */
export function ErrorNotice({ error }: { error: unknown }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>{messageOf(error)}</p>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

/** A polite live region for the outcome of an action ("Saved."). */
export function Status({ message }: { message: string }) {
  return (
    <p className="status" role="status">
      {message}
    </p>
  );
}
