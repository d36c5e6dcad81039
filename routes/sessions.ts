/** Sessions: create (from defaults, a preset or a config), list, read, configure, reset, delete, and read state. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

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

  app.post('/sessions', { schema: { tags: ['sessions'], summary: 'Create a session; 201 with the resolved config and the seed', body: sessionCreateSchema } }, async (request, reply) => {
    const s = await app.sessions.create(request.user, request.body);
    reply.code(201).header('Location', `/v1/sessions/${s.row.id}`);
    return app.sessions.view(s);
  });

  app.get('/sessions', { schema: { tags: ['sessions'], summary: 'Sessions you may see' } }, async (request) => ({ sessions: await app.sessions.list(request.user) }));

  app.get('/sessions/:id', { schema: { tags: ['sessions'], summary: 'One session', params: idParams } }, async (request) =>
    app.sessions.view(await app.sessions.get(request.user, request.params.id, 'read')),
  );

  app.patch(
    '/sessions/:id',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Rename, set live parameters, or replace the config/seed (rebuilds the network; 409 while a run is active)',
        params: idParams,
        body: z
          .object({
            name: z.string().max(200).nullable().optional(),
            live: z.record(z.string(), z.unknown()).optional().describe('Live parameters (see the kind\'s liveSchema)'),
            config: z.record(z.string(), z.unknown()).optional().describe('A whole new config (defaults fill the rest)'),
            seed: seed.optional(),
          })
          .strict(),
      },
    },
    async (request) => app.sessions.view(await app.sessions.patch(request.user, request.params.id, request.body)),
  );

  app.delete('/sessions/:id', { schema: { tags: ['sessions'], summary: 'Delete a session (its active run is stopped first)', params: idParams } }, async (request, reply) => {
    await app.sessions.get(request.user, request.params.id);
    await app.runs.abandon(request.params.id);
    await app.sessions.delete(request.user, request.params.id);
    app.hub.closeSession(request.params.id, 'session deleted');
    return reply.code(204).send();
  });

  app.post('/sessions/:id/reset', { schema: { tags: ['sessions'], summary: 'Rebuild the network from its config and seed, at step 0', params: idParams } }, async (request) => {
    const s = await app.sessions.reset(request.user, request.params.id);
    app.hub.clearLatest(s.row.id);
    app.hub.publishEvent(s.row.id, { type: 'reset', step: 0 });
    return app.sessions.view(s);
  });

  app.get(
    '/sessions/:id/state',
    { schema: { tags: ['sessions'], summary: 'Current time, step and observed fields (the latest frame while a run streams)', params: idParams } },
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
