/**
 * The route convention: every HTTP route's `schema` is built by `operation()`, so that the OpenAPI document says
 * what the route really does — an operationId, a tag, a summary, its real success codes with the very zod schemas
 * the handler's answers are serialized (and, in tests, checked) with, problem+json error responses from the one
 * shared `Problem` component, and `security` (bearer in token mode, or explicitly none on public routes).
 *
 *   app.post('/sessions', {
 *     schema: operation({
 *       operationId: 'createSession', tag: 'sessions', summary: 'Create a session',
 *       body: sessionCreateSchema,
 *       responses: { 201: { description: 'The new session', schema: sessionSchema } },
 *       errors: { 404: 'No such model kind or preset', 422: 'Over a limit' },
 *     }),
 *   }, handler);
 *
 * 400 (validation) is added when the route takes params, a query or a body; 401 on token routes; 429 (RATE_LIMIT)
 * and `default` (any other error, e.g. 413, 500, 503) everywhere. The auth plugin reads `security` off the matched route, so the
 * document and the server cannot disagree on which routes are public.
 */
import { z, type ZodType } from 'zod';
import { PROBLEM_MEDIA_TYPE, problemSchema } from './problem.js';
import type { ApiTag } from './tags.js';

/** The security scheme of token mode (TOKENS / TOKENS_FILE), defined in src/contract/openapi-options.ts. */
export const BEARER = 'bearer';

type ProblemStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429 | 503;

/** What each error status means across the API; an operation may say it more precisely. */
const problemMeaning: Record<ProblemStatus, string> = {
  400: 'Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format)',
  401: 'Token mode: a valid bearer token is required',
  403: 'Not allowed for this user',
  404: 'Not found (or not visible to this user)',
  405: 'Method not allowed',
  409: 'Conflicts with the current state (e.g. a run is already active)',
  410: 'Gone',
  413: 'The request body is larger than BODY_LIMIT',
  415: 'Unsupported media type',
  422: 'Over a limit (units, steps, sessions, recorded values, estimated cost); `errors` names the field',
  429: 'Too many requests (RATE_LIMIT) or over a quota; see Retry-After',
  503: 'Queue full, overloaded or shutting down; see Retry-After',
};

/** A success answer: JSON with a schema, other media types with theirs, or no body (204). */
export type SuccessResponse =
  | { description: string; schema: ZodType }
  | { description: string; content: Record<string, ZodType> }
  | { description: string; empty: true };

type ContentOf<R> = R extends { schema: infer S extends ZodType }
  ? { description: string; content: { 'application/json': { schema: S } } }
  : R extends { content: infer C extends Record<string, ZodType> }
    ? { description: string; content: { [K in keyof C]: { schema: C[K] } } }
    : z.ZodUndefined;

type ProblemResponse = { description: string; content: { [PROBLEM_MEDIA_TYPE]: { schema: typeof problemSchema } } };

export interface OperationSpec<
  P extends ZodType | undefined,
  Q extends ZodType | undefined,
  B extends ZodType | undefined,
  R extends Partial<Record<100 | 101 | 200 | 201 | 202 | 204, SuccessResponse>>,
> {
  /** Unique, lowerCamelCase verb + noun: createSession, getRun, listExperiments. Generated clients name methods after it. */
  operationId: string;
  tag: ApiTag;
  /** One line, what the operation does (shown in /docs and generated clients). */
  summary: string;
  description?: string;
  /** 'token': the bearer token is required in token mode; 'public': never (health, model catalogue). */
  auth: 'token' | 'public';
  params?: P;
  querystring?: Q;
  body?: B;
  /** The real success codes with their schemas. */
  responses: R;
  /** Error statuses this operation answers besides 400/401/default, with what they mean here. */
  errors?: Partial<Record<ProblemStatus, string>> | ProblemStatus[];
  /** Leave out of the OpenAPI document (WebSocket upgrades are described by the AsyncAPI document). */
  hide?: boolean;
}

export function operation<
  const R extends Partial<Record<100 | 101 | 200 | 201 | 202 | 204, SuccessResponse>>,
  P extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
  B extends ZodType | undefined = undefined,
>(spec: OperationSpec<P, Q, B, R>) {
  const response: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(spec.responses) as [string, SuccessResponse][]) {
    if ('schema' in r) response[status] = { description: r.description, content: { 'application/json': { schema: r.schema } } };
    else if ('content' in r) response[status] = { description: r.description, content: Object.fromEntries(Object.entries(r.content).map(([type, schema]) => [type, { schema }])) };
    else response[status] = z.undefined().describe(r.description);
  }
  const errors: Partial<Record<ProblemStatus, string>> = Array.isArray(spec.errors)
    ? Object.fromEntries(spec.errors.map((s) => [s, problemMeaning[s]]))
    : { ...spec.errors };
  if (spec.params || spec.querystring || spec.body) errors[400] ??= problemMeaning[400];
  if (spec.auth === 'token') errors[401] ??= problemMeaning[401];
  // @fastify/rate-limit, when RATE_LIMIT is set, applies to every route.
  errors[429] ??= problemMeaning[429];
  for (const [status, meaning] of Object.entries(errors)) response[status] = problem(meaning);
  response.default = problem('Any other error (413, 429, 500, 503, …): problem details with a stable code');

  return {
    ...({} as { params: P; querystring: Q; body: B }),
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    security: spec.auth === 'token' ? [{ [BEARER]: [] }] : [],
    ...(spec.hide ? { hide: true } : {}),
    // Only the parts the route has (fastify warns about explicitly undefined ones); typed as given.
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.querystring ? { querystring: spec.querystring } : {}),
    ...(spec.body ? { body: spec.body } : {}),
    // Typed: the success answers (the handler's return type is checked against them); the problems are sent by the
    // error handler.
    response: response as { [K in keyof R]: ContentOf<R[K]> } & { default: ProblemResponse },
  };
}

function problem(description: string): ProblemResponse {
  return { description, content: { [PROBLEM_MEDIA_TYPE]: { schema: problemSchema } } };
}

/** Is the matched route public (declared `security: []`)? Routes without a declaration are not (fail closed). */
export function isPublicRoute(schema: unknown): boolean {
  const security = (schema as { security?: unknown } | undefined)?.security;
  return Array.isArray(security) && security.length === 0;
}
