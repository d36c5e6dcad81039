/** Runs and trainings: start (202, or the finished run with wait), read status/progress/metrics, cancel. Recordings: routes/recordings.ts. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { runRequestSchema } from '../src/runs/run-service.js';
import { errors } from '../src/errors.js';
import { operation } from '../src/contract/operation.js';
import { runListSchema, runSchema } from '../src/contract/schemas/runs.js';

const sessionParams = z.object({ id: z.string().max(100) });
const runParams = z.object({ id: z.string().max(100), runId: z.string().max(100) });

export default async function runRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/sessions/:id/runs',
    {
      schema: operation({
        operationId: 'startRun',
        tag: 'runs',
        summary: 'Run steps on the worker pool: 202 (queued/running), or 200 with the finished run when wait=true',
        auth: 'token',
        params: sessionParams,
        body: runRequestSchema,
        responses: {
          200: { description: 'wait=true: the run once it has ended (done, cancelled or failed)', schema: runSchema },
          202: { description: 'The run, queued or running (Location: its URL)', schema: runSchema },
        },
        errors: { 404: 'No such session (or not yours)', 409: 'A run is already active on the session', 422: 'Over a limit (steps, recorded values)', 503: 'The run queue is full or the server is shutting down (Retry-After)' },
      }),
    },
    async (request, reply) => {
      if (app.closing) throw errors.shuttingDown();
      const run = await app.runs.startRun(request.user, request.params.id, request.body);
      reply.header('Location', `/v1/sessions/${request.params.id}/runs/${run.row.id}`);
      if (request.body.wait) return app.runs.waitFor(run);
      return reply.code(202).send(app.runs.viewOf(run));
    },
  );

  app.post(
    '/sessions/:id/train',
    {
      schema: operation({
        operationId: 'startTraining',
        tag: 'runs',
        summary: "Train the session's model (the body follows the kind's trainSchema, see GET /v1/models/{kind}); ?wait=true answers when done",
        auth: 'token',
        params: sessionParams,
        querystring: z.object({ wait: z.enum(['true', 'false']).optional().describe('Answer when the training has ended (200) instead of at once (202)') }),
        body: z.record(z.string(), z.unknown()).optional().describe("The kind's training request (its trainSchema)"),
        responses: {
          200: { description: 'wait=true: the training once it has ended', schema: runSchema },
          202: { description: 'The training, queued or running (Location: its URL)', schema: runSchema },
        },
        errors: { 404: 'No such session (or not yours)', 409: 'A run is already active, or the kind has no training', 422: 'Over a limit (estimated memory or time)', 503: 'The run queue is full or the server is shutting down (Retry-After)' },
      }),
    },
    async (request, reply) => {
      if (app.closing) throw errors.shuttingDown();
      const { wait: bodyWait, ...body } = (request.body ?? {}) as Record<string, unknown>;
      const run = await app.runs.startTrain(request.user, request.params.id, body);
      reply.header('Location', `/v1/sessions/${request.params.id}/runs/${run.row.id}`);
      if (request.query.wait === 'true' || bodyWait === true) return app.runs.waitFor(run);
      return reply.code(202).send(app.runs.viewOf(run));
    },
  );

  app.get(
    '/sessions/:id/runs',
    {
      schema: operation({
        operationId: 'listRuns',
        tag: 'runs',
        summary: "The session's runs and trainings",
        auth: 'token',
        params: sessionParams,
        responses: { 200: { description: 'Newest first', schema: runListSchema } },
        errors: { 404: 'No such session (or not yours)' },
      }),
    },
    async (request) => ({
    runs: await app.runs.list(request.user, request.params.id),
  }));

  app.get(
    '/sessions/:id/runs/:runId',
    {
      schema: operation({
        operationId: 'getRun',
        tag: 'runs',
        summary: 'Status (queued, running, paused, done, cancelled, failed), progress and metrics',
        auth: 'token',
        params: runParams,
        responses: { 200: { description: 'The run', schema: runSchema } },
        errors: { 404: 'No such session or run (or not yours)' },
      }),
    },
    async (request) =>
    app.runs.get(request.user, request.params.id, request.params.runId),
  );

  app.delete(
    '/sessions/:id/runs/:runId',
    {
      schema: operation({
        operationId: 'cancelRun',
        tag: 'runs',
        summary: 'Cancel: a queued run never starts, a running one stops after its current step',
        auth: 'token',
        params: runParams,
        responses: { 200: { description: 'The run as it is now (an ended run is left as it was)', schema: runSchema } },
        errors: { 404: 'No such session or run (or not yours)' },
      }),
    },
    async (request) =>
    app.runs.cancel(request.user, request.params.id, request.params.runId),
  );
}
