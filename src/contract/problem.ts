/**
 * The one error shape of the API: RFC 9457 problem details (`application/problem+json`), registered as the OpenAPI
 * component `Problem` that every operation's error responses reference. `sendProblem` (src/http/problem.ts) writes
 * it; extension members (`runId`, `checks`, `quota`…) are allowed, as RFC 9457 §3.2 allows them.
 */
import { z } from 'zod';

export const fieldIssueSchema = z
  .object({
    path: z.string().describe('Dotted path of the failing field, prefixed by where it came from: "body.steps", "config.recurrent.gain", "querystring.format"'),
    message: z.string().describe('What is wrong with it, for people'),
  })
  .meta({ id: 'FieldIssue' });

export const problemSchema = z
  .looseObject({
    type: z.string().describe('urn:rnnlab:error:<code>'),
    title: z.string().describe('The HTTP status text'),
    status: z.number().int().min(100).max(599).describe('The HTTP status code'),
    detail: z.string().describe('What went wrong, for people'),
    code: z.string().describe('Stable machine-readable code, e.g. RNN_ERR_VALIDATION, RNN_ERR_NOT_FOUND, RNN_ERR_SESSION_BUSY'),
    instance: z.string().describe('The request path'),
    errors: z.array(fieldIssueSchema).optional().describe('Validation errors: one entry per failing field'),
  })
  .meta({ id: 'Problem', description: 'An error (RFC 9457 problem details). Extension members (runId, checks, …) may be present.' });

export type Problem = z.infer<typeof problemSchema>;

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
