/** Sessions: create (from defaults, a preset or a config), list, read, configure, reset, delete, and read state. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { operation } from '../src/contract/operation.js';
import { sessionListSchema, sessionSchema, sessionStateSchema } from '../src/contract/schemas/sessions.js';

const seed = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('Seed of every random draw (drawn and reported when omitted)');
export const sessionCreateSchema = z.object({
  model: z.string().min(1).max(100).describe('Model kind, e.g. "rate" (see GET /v1/models)'),
  config: z.record(z.string(), z.unknown()).optional().describe('Config; omitted fields take their defaults (or the preset\'s)'),
  preset: z.string().max(200).optional().describe('Start from a named preset of the kind; `config` overrides its fields'),
  seed: seed.optional(),
  name: z.string().max(200).optional().describe('A label for people'),
});
const idParams = z.object({ id: z.string().max(100) });

export default async function sessionRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/sessions',
    {
      schema: operation({
        operationId: 'createSession',
        tag: 'sessions',
        summary: 'Create a session from defaults, a preset or a config; 201 with the resolved config and the seed',
        auth: 'token',
        body: sessionCreateSchema,
        responses: { 201: { description: 'The new session (Location: its URL)', schema: sessionSchema } },
        errors: { 404: 'No such model kind or preset', 422: 'Over a limit (units, sessions, estimated memory)', 503: 'The server is shutting down' },
      }),
    },
    async (request, reply) => {
      const s = await app.sessions.create(request.user, request.body);
      reply.code(201).header('Location', `/v1/sessions/${s.row.id}`);
      return app.sessions.view(s);
    },
  );

  app.get(
    '/sessions',
    { schema: operation({ operationId: 'listSessions', tag: 'sessions', summary: 'Sessions you may see', auth: 'token', responses: { 200: { description: 'Your sessions (an instructor: all)', schema: sessionListSchema } } }) },
    async (request) => ({ sessions: await app.sessions.list(request.user) }),
  );

  app.get(
    '/sessions/:id',
    { schema: operation({ operationId: 'getSession', tag: 'sessions', summary: 'One session', auth: 'token', params: idParams, responses: { 200: { description: 'The session', schema: sessionSchema } }, errors: { 404: 'No such session (or not yours)' } }) },
    async (request) => app.sessions.view(await app.sessions.get(request.user, request.params.id, 'read')),
  );

  app.patch(
    '/sessions/:id',
    {
      schema: operation({
        operationId: 'updateSession',
        tag: 'sessions',
        summary: 'Rename, set live parameters, or replace the config/seed (rebuilds the network; 409 while a run is active)',
        auth: 'token',
        params: idParams,
        responses: { 200: { description: 'The session as it is now', schema: sessionSchema } },
        errors: { 404: 'No such session (or not yours)', 409: 'A run is active on it', 422: 'Over a limit' },
        body: z
          .object({
            name: z.string().max(200).nullable().optional(),
            live: z.record(z.string(), z.unknown()).optional().describe('Live parameters (see the kind\'s liveSchema)'),
            config: z.record(z.string(), z.unknown()).optional().describe('A whole new config (defaults fill the rest)'),
            seed: seed.optional(),
          })
          .strict(),
      }),
    },
    async (request) => app.sessions.view(await app.sessions.patch(request.user, request.params.id, request.body)),
  );

  app.delete(
    '/sessions/:id',
    {
      schema: operation({
        operationId: 'deleteSession',
        tag: 'sessions',
        summary: 'Delete a session (its active run is stopped first)',
        auth: 'token',
        params: idParams,
        responses: { 204: { description: 'Deleted', empty: true } },
        errors: { 404: 'No such session (or not yours)' },
      }),
    },
    async (request, reply) => {
      await app.sessions.get(request.user, request.params.id);
      await app.runs.abandon(request.params.id);
      await app.sessions.delete(request.user, request.params.id);
      app.hub.closeSession(request.params.id, 'session deleted');
      return reply.code(204).send();
    },
  );

  app.post(
    '/sessions/:id/reset',
    {
      schema: operation({
        operationId: 'resetSession',
        tag: 'sessions',
        summary: 'Rebuild the network from its config and seed, at step 0',
        auth: 'token',
        params: idParams,
        responses: { 200: { description: 'The session at step 0', schema: sessionSchema } },
        errors: { 404: 'No such session (or not yours)', 409: 'A run is active on it' },
      }),
    },
    async (request) => {
      const s = await app.sessions.reset(request.user, request.params.id);
      app.hub.clearLatest(s.row.id);
      app.hub.publishEvent(s.row.id, { type: 'reset', step: 0 });
      return app.sessions.view(s);
    },
  );

  app.get(
    '/sessions/:id/state',
    {
      schema: operation({
        operationId: 'getSessionState',
        tag: 'sessions',
        summary: 'Current time, step and observed fields (the latest frame while a run streams)',
        auth: 'token',
        params: idParams,
        responses: { 200: { description: 'The state now', schema: sessionStateSchema } },
        errors: { 404: 'No such session (or not yours)' },
      }),
    },
    async (request) => {
      const s = await app.sessions.get(request.user, request.params.id, 'read');
      // While a run steps the shared state, its latest frame is a consistent picture (fields, step and time together).
      const streamed = s.activeRunId ? app.hub.latestFrame(s.row.id) : undefined;
      const frame = streamed && streamed.run === s.activeRunId ? streamed : app.sessions.observe(s);
      const fields: Record<string, number | number[]> = {};
      for (const [k, v] of Object.entries(frame.fields)) fields[k] = typeof v === 'number' ? v : Array.from(v);
      return { session: s.row.id, step: frame.step, t: frame.t, timeUnit: s.model.meta.timeUnit, live: s.runtime.live, activeRun: s.activeRunId, fields };
    },
  );
}
