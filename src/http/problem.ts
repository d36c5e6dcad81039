/**
 * One error handler for the whole API: every error leaves as RFC 9457 `application/problem+json`
 * `{type, title, status, detail, code, instance, errors?}` with a stable `code`; validation errors list each
 * failing field's path. Unknown errors are logged and answered 500 without internals.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldIssue } from '../errors.js';

export function sendProblem(reply: FastifyReply, request: FastifyRequest, status: number, code: string, detail: string, extra: Record<string, unknown> = {}): FastifyReply {
  const { retryAfter, ...rest } = extra;
  if (typeof retryAfter === 'number') reply.header('Retry-After', String(retryAfter));
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: `urn:rnnlab:error:${code}`, title: STATUS_CODES[status] ?? 'Error', status, detail, code, instance: request.url.split('?')[0], ...rest });
}

export function problemErrorHandler(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AppError) return sendProblem(reply, request, error.statusCode, error.code, error.message, error.extra);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? 'body';
    const issues: FieldIssue[] = (error as FastifyError).validation!.map((v) => ({
      path: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    return sendProblem(reply, request, 400, 'RNN_ERR_VALIDATION', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { errors: issues });
  }
  const fe = error as FastifyError;
  const status = fe.statusCode ?? 500;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, request, 413, 'RNN_ERR_BODY_TOO_LARGE', 'the request body is larger than BODY_LIMIT');
  if (status === 429) return sendProblem(reply, request, 429, 'RNN_ERR_RATE_LIMITED', fe.message);
  if (status >= 400 && status < 500) {
    const code = fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'RNN_ERR_UNSUPPORTED_MEDIA_TYPE' : 'RNN_ERR_BAD_REQUEST';
    return sendProblem(reply, request, status, code, fe.message);
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, request, 500, 'RNN_ERR_INTERNAL', 'internal error; the server logged the details');
}
