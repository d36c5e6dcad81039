/**
 * Coded errors, one place (as fastify's lib/errors.js). Every error leaves the server as RFC 9457
 * `application/problem+json` with a stable `code`; validation errors carry the failing fields' paths.
 */
export interface FieldIssue {
  /** Dotted path of the failing field, e.g. "config.recurrent.gain" or "body.steps". */
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    readonly extra: { errors?: FieldIssue[]; retryAfter?: number; [k: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const errors = {
  notFound: (what: string, id: string) => new AppError('RNN_ERR_NOT_FOUND', 404, `${what} "${id}" does not exist`),
  unknownModel: (kind: string, known: string[]) =>
    new AppError('RNN_ERR_UNKNOWN_MODEL', 404, `model kind "${kind}" does not exist; known kinds: ${known.join(', ')}`),
  validation: (issues: FieldIssue[]) =>
    new AppError('RNN_ERR_VALIDATION', 400, issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; '), { errors: issues }),
  limit: (what: string, value: number, limit: number, path: string) =>
    new AppError('RNN_ERR_LIMIT', 422, `${what} ${value} is over the limit of ${limit}`, { errors: [{ path, message: `at most ${limit}` }] }),
  overBudget: (message: string, issues: FieldIssue[]) => new AppError('RNN_ERR_BUDGET', 422, message, { errors: issues }),
  busy: (sessionId: string, runId: string) =>
    new AppError('RNN_ERR_SESSION_BUSY', 409, `session "${sessionId}" already has an active run (${runId}); cancel it or wait`, { runId }),
  conflict: (message: string) => new AppError('RNN_ERR_CONFLICT', 409, message),
  queueFull: (retryAfter: number) =>
    new AppError('RNN_ERR_QUEUE_FULL', 503, 'the run queue is full; try again later', { retryAfter }),
  unauthorized: () => new AppError('RNN_ERR_UNAUTHORIZED', 401, 'a valid bearer token is required (Authorization: Bearer …, or ?token= on WebSockets)'),
  forbidden: (message: string) => new AppError('RNN_ERR_FORBIDDEN', 403, message),
  notTrainable: (kind: string) => new AppError('RNN_ERR_NOT_TRAINABLE', 409, `model kind "${kind}" has no training`),
  notRecorded: (runId: string, status: string) =>
    new AppError('RNN_ERR_NO_RECORDING', 409, `run "${runId}" has no recording (status: ${status})`),
  shuttingDown: () => new AppError('RNN_ERR_SHUTTING_DOWN', 503, 'the server is shutting down', { retryAfter: 5 }),
};

/** Turn zod issues into field paths, prefixed by where the value came from ("body", "config"…). */
export function zodIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>, prefix: string): FieldIssue[] {
  return issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter((p) => p !== '').join('.'),
    message: i.message,
  }));
}
