// The one error type of Anbefal. Every code maps to exactly one HTTP status here, and
// docs/ERRORS.md documents every code (a test keeps the two in step).

export const appErrorStatus = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  setup_completed: 409,
  token_invalid: 410,
  import_file_removed: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  secret_unreadable: 500,
  unavailable: 503,
  data_dir_locked: 503,
} as const satisfies Record<string, number>;

export type AppErrorCode = keyof typeof appErrorStatus;

export const appErrorTitle: Record<AppErrorCode, string> = {
  validation_failed: 'The request is not valid',
  unauthenticated: 'Sign-in required',
  invalid_credentials: 'Wrong email or password',
  forbidden: 'Not allowed',
  csrf_failed: 'Missing or wrong CSRF token',
  not_found: 'Not found',
  conflict: 'Conflicts with existing data',
  setup_completed: 'Setup is already completed',
  token_invalid: 'The link has expired or was already used',
  import_file_removed: 'The uploaded file is no longer stored',
  payload_too_large: 'The request is too large',
  unsupported_media_type: 'Unsupported content type',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  secret_unreadable: 'A stored secret cannot be decrypted',
  unavailable: 'Service unavailable',
  data_dir_locked: 'The data folder is in use',
};

/** One problem with one field of the input (RFC 9457 extension member `errors`). */
export interface FieldProblem {
  /** Where the problem is: `body.email`, `query.limit`, `row 12, column email`… */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: { errors?: FieldProblem[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = appErrorStatus[code];
  }

  static notFound(what: string): AppError {
    return new AppError('not_found', `${what} does not exist or is not visible to you.`);
  }

  static forbidden(action: string): AppError {
    return new AppError('forbidden', `Your role does not allow you to ${action}.`);
  }

  static invalid(field: string, message: string): AppError {
    return new AppError('validation_failed', `${field}: ${message}`, { errors: [{ field, message }] });
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
