// A small typed client for the Anbefal API. It sends the session's CSRF token on every
// write and turns RFC 9457 problem documents into ApiError with per-field messages.

import type {
  AccountListItemView,
  AccountView,
  ApiKeyView,
  AttributeDefinitionView,
  AuditEntryView,
  ContactExportView,
  ContactListItemView,
  ContactSurveyHistoryView,
  ContactView,
  ImportDetailView,
  ImportListItemView,
  ImportMappingView,
  ImportProblemView,
  ImportSampleRowView,
  ImportView,
  MemberView,
  OutboxEmailView,
  SavedImportMappingView,
  SessionView,
  UnitView,
  UserView,
  WorkspaceView,
} from '../domain/views.ts';

export type { AttributeType, AttributeValue, ConsentState, Page, Role } from '../domain/views.ts';
export { ROLES } from '../domain/views.ts';

// The server's view types under the names the pages use.
export type Me = SessionView;
export type Unit = UnitView;
export type Member = MemberView;
export type User = UserView;
export type ApiKey = ApiKeyView;
export type AuditEntry = AuditEntryView;
export type OutboxEmail = OutboxEmailView;
export type Workspace = WorkspaceView;
export type Contact = ContactView;
export type Account = AccountView;
export type ContactListItem = ContactListItemView;
export type AccountListItem = AccountListItemView;
export type AttributeDefinition = AttributeDefinitionView;
export type ContactExport = ContactExportView;
export type ContactSurveyHistory = ContactSurveyHistoryView;
export type Import = ImportView;
export type ImportDetail = ImportDetailView;
export type ImportListItem = ImportListItemView;
export type ImportProblem = ImportProblemView;
export type ImportMapping = ImportMappingView;
export type SavedImportMapping = SavedImportMappingView;
/** The answer to an upload: the import, the mapping its headers suggest and its first rows. */
export type CreatedImport = ImportView & { suggestedMapping: ImportMappingView; sample: ImportSampleRowView[] };

export interface FieldError {
  field: string;
  message: string;
}

const isField = (path: string, name: string) => path === name || path.endsWith(`.${name}`);

/** A failed API call: `message` is the problem's `detail`, written for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message for one input, matched by the last part of the field path (`body.email` → `email`). */
  fieldMessage(name: string): string | undefined {
    return this.fieldErrors.find((e) => isField(e.field, name))?.message;
  }

  /** Whether every field message belongs to one of these inputs. */
  onlyAbout(names: readonly string[]): boolean {
    return this.fieldErrors.length > 0 && this.fieldErrors.every((e) => names.some((name) => isField(e.field, name)));
  }
}

let csrfToken: string | null = null;

/** Remembers the CSRF token of the current session; every Me answer carries it. */
export function rememberSession(me: Me | null): Me | null {
  csrfToken = me?.csrfToken ?? null;
  return me;
}

/** Query parameters; an array becomes the parameter repeated (surveyIds=a&surveyIds=b). */
export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** The address of an API resource with its query, for plain links such as downloads. */
export const apiHref = (path: string, query?: Query) => withQuery(`/api/v1${path}`, query);

async function problemOf(response: Response): Promise<ApiError> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const body = (await response.json().catch(() => null)) as { detail?: string; code?: string; errors?: FieldError[] } | null;
    if (body?.detail) return new ApiError(response.status, body.code ?? 'error', body.detail, body.errors ?? []);
  }
  return new ApiError(response.status, 'error', `The server answered ${response.status} ${response.statusText}. Try again in a moment.`);
}

async function request<T>(method: string, path: string, options: { body?: unknown; query?: Query } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A FormData body (a file upload) sets its own multipart content type with the boundary; a File
  // or Blob is sent as it is, with its own type.
  const form = options.body instanceof FormData;
  const file = options.body instanceof Blob;
  if (file) headers['content-type'] = (options.body as Blob).type;
  else if (options.body !== undefined && !form) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(`/api/v1${path}`, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : form || file ? (options.body as FormData | Blob) : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
  /** multipart/form-data, for files. */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { body: form }),
  /** A file as the raw request body (such as an XLSX workbook). */
  putFile: <T>(path: string, file: Blob) => request<T>('PUT', path, { body: file }),
};

/** The signed-in person, or null when nobody is signed in. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return rememberSession(await api.get<Me>('/auth/me'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return rememberSession(null);
    throw error;
  }
}
