// The single place where errors become HTTP answers: RFC 9457 problem+json, with the
// field-level problems a client needs to fix its request.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type AppErrorCode, appErrorTitle, type FieldProblem } from '../../errors.ts';
import type { App } from '../types.ts';

const codeForStatus = (status: number): AppErrorCode => {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 405) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'unavailable';
  if (status >= 400 && status < 500) return 'validation_failed';
  return 'internal';
};

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    // Fields are named as docs/ERRORS.md says: body.…, query.…, params.…, headers.…
    const context = (error as FastifyError).validationContext ?? 'body';
    const part = context === 'querystring' ? 'query' : context;
    const errors: FieldProblem[] = error.validation.map((issue) => {
      const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
      return { field: path ? `${part}.${path}` : part, message: issue.message ?? 'is not valid' };
    });
    return new AppError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }
  const fastifyError = error as FastifyError;
  const status = fastifyError.statusCode ?? 500;
  if (status >= 500) return new AppError('internal', 'Something went wrong on our side. The error was logged; try again later.');
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return AppError.invalid('body', 'is not valid JSON');
  }
  return new AppError(codeForStatus(status), fastifyError.message);
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  if (error.details.retryAfterSeconds) reply.header('retry-after', String(error.details.retryAfterSeconds));
  return reply
    .code(error.status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: `urn:anbefal:problem:${error.code}`,
      title: appErrorTitle[error.code],
      status: error.status,
      detail: error.message,
      instance: request.url.split('?')[0] ?? request.url,
      code: error.code,
      requestId: String(request.id),
      ...(error.details.errors ? { errors: error.details.errors } : {}),
    });
}

export function registerErrorHandling(app: App): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500 || isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'request failed');
    }
    return sendProblem(request, reply, appError);
  });
}
