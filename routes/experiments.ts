/**
 * Experiments: parameter sweeps across the worker pool (src/experiments). POST creates one (202), GET reads status,
 * progress (done/total, ETA) and the results so far, DELETE cancels what has not run, /results downloads the table
 * (json, csv, npy, arrow), /stream streams progress (WebSocket, JSON events). The service lives in this plugin.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../src/errors.js';
import { ExperimentService, experimentRequestSchema } from '../src/experiments/experiment-service.js';
import { toArrow, toCsv, toNpy } from '../src/experiments/results-format.js';
import { operation } from '../src/contract/operation.js';
import { mediaBody } from '../src/contract/schemas/common.js';
import { experimentListSchema, experimentResultsSchema, experimentSchema } from '../src/contract/schemas/experiments.js';

const params = z.object({ id: z.string().max(100) });

export default async function experimentRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const service = new ExperimentService({ store: app.store, scheduler: app.scheduler, costs: app.builder.costs, sessions: app.sessions, settings: app.settings, log: app.log });
  const resumed = await service.resume();
  if (resumed > 0) app.log.info({ resumed }, 'experiments left unfinished by the last shutdown resume');
  app.addHook('preClose', async () => service.close());

  app.post(
    '/experiments',
    {
      schema: operation({
        operationId: 'createExperiment',
        tag: 'experiments',
        summary: 'Start a sweep: every grid point × seed is a task on the pool (batch lane, fair across users); 202 with the experiment',
        auth: 'token',
        body: experimentRequestSchema,
        responses: { 202: { description: 'The experiment, running (Location: its URL)', schema: experimentSchema } },
        errors: { 404: 'No such model kind or preset', 422: 'Over a limit (tasks, steps)', 503: 'The server is shutting down' },
      }),
    },
    async (request, reply) => {
      if (app.closing) throw errors.shuttingDown();
      const e = await service.create(request.user, request.body);
      reply.header('Location', `/v1/experiments/${e.id}`);
      return reply.code(202).send(await service.view(e, false));
    },
  );

  app.get(
    '/experiments',
    {
      schema: operation({
        operationId: 'listExperiments',
        tag: 'experiments',
        summary: 'Your experiments (status and progress)',
        auth: 'token',
        responses: { 200: { description: 'Your experiments (an instructor: all), without results', schema: experimentListSchema } },
      }),
    },
    async (request) => ({
    experiments: await service.list(request.user),
  }));

  app.get(
    '/experiments/:id',
    {
      schema: operation({
        operationId: 'getExperiment',
        tag: 'experiments',
        summary: 'Status, progress (done/total, ETA) and the results table so far',
        auth: 'token',
        params,
        querystring: z.object({ results: z.enum(['true', 'false']).default('true').describe('Include the finished rows') }),
        responses: { 200: { description: 'The experiment', schema: experimentSchema } },
        errors: { 404: 'No such experiment (or not yours)' },
      }),
    },
    async (request) => service.view(await service.get(request.user, request.params.id), request.query.results === 'true'),
  );

  app.delete(
    '/experiments/:id',
    {
      schema: operation({
        operationId: 'cancelExperiment',
        tag: 'experiments',
        summary: 'Cancel: tasks not started never run (rows "cancelled"); running ones finish; ?purge=true also deletes it',
        auth: 'token',
        params,
        querystring: z.object({ purge: z.enum(['true', 'false']).default('false').describe('Also delete it and its rows') }),
        responses: {
          200: { description: 'The experiment, cancelled (an ended one is left as it was)', schema: experimentSchema },
          204: { description: 'purge=true: deleted', empty: true },
        },
        errors: { 404: 'No such experiment (or not yours)' },
      }),
    },
    async (request, reply) => {
      if (request.query.purge === 'true') {
        await service.remove(request.user, request.params.id);
        return reply.code(204).send();
      }
      return service.cancel(request.user, request.params.id);
    },
  );

  app.get(
    '/experiments/:id/results',
    {
      schema: operation({
        operationId: 'getExperimentResults',
        tag: 'experiments',
        summary: 'Download the results table: one row per grid point × seed (parameters, seed, status, metrics, error, ms, version)',
        auth: 'token',
        params,
        querystring: z.object({
          format: z.enum(['json', 'csv', 'npy', 'arrow']).default('json'),
          all: z.enum(['true', 'false']).default('false').describe('Also rows not finished (pending, running, cancelled)'),
        }),
        responses: {
          200: {
            description: 'The table in the requested format',
            content: {
              'application/json': experimentResultsSchema,
              'text/csv': mediaBody('A header line (index, parameters, seed, status, metrics, error, ms, version), then one line per row', false),
              'application/octet-stream': mediaBody('NPY: the numeric columns as one float64 array, rows × columns'),
              'application/vnd.apache.arrow.file': mediaBody('Arrow IPC file: the table with its metadata in the schema'),
            },
          },
        },
        errors: { 404: 'No such experiment (or not yours)' },
      }),
    },
    async (request, reply) => {
      const e = await service.get(request.user, request.params.id);
      const table = await service.table(e, { all: request.query.all === 'true' });
      const meta = { experiment: e.id, name: e.name, model: e.kind, status: e.status, total: e.total, versions: e.versions, request: e.request };
      const base = `experiment-${e.id}`;
      switch (request.query.format) {
        case 'json':
          return { ...meta, progress: await service.progress(e), ...table };
        case 'csv':
          reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${base}.csv"`);
          return toCsv(table);
        case 'npy': {
          const { data, names } = toNpy(table);
          reply.type('application/octet-stream').header('Content-Disposition', `attachment; filename="${base}.npy"`).header('X-RNNLab-Columns', JSON.stringify(names));
          return reply.send(data);
        }
        case 'arrow': {
          const bytes = toArrow(table, { rnnlab: JSON.stringify(meta) });
          reply.type('application/vnd.apache.arrow.file').header('Content-Disposition', `attachment; filename="${base}.arrow"`);
          return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        }
      }
    },
  );

  app.get(
    '/experiments/:id/stream',
    {
      websocket: true,
      // A WebSocket upgrade: its messages are described by the AsyncAPI document (/asyncapi.json), not OpenAPI.
      schema: operation({
        operationId: 'streamExperiment',
        tag: 'experiments',
        summary: 'WebSocket of JSON events: hello (status, progress), progress (per finished row), status (at the end; then the socket closes)',
        auth: 'token',
        hide: true,
        params,
        querystring: z.object({ token: z.string().max(500).optional().describe('Bearer token, when token mode is on') }),
        responses: { 101: { description: 'Switching to the WebSocket protocol', empty: true } },
        errors: { 404: 'No such experiment (or not yours)' },
      }),
      preHandler: async (request) => {
        await service.get(request.user, (request.params as { id: string }).id);
      },
    },
    async (socket, request) => {
      const e = await service.get(request.user, request.params.id);
      const send = (msg: unknown) => socket.readyState === 1 && socket.send(JSON.stringify(msg));
      send({ type: 'hello', experiment: e.id, status: e.status, progress: await service.progress(e) });
      if (!service.isActive(e.id)) {
        const p = await service.progress(e);
        send({ type: 'status', status: e.status, done: p.done, failed: p.failed, cancelled: p.cancelled, total: p.total, error: e.error });
        socket.close(1000, 'finished');
        return;
      }
      const off = service.subscribe(e.id, (ev) => {
        send(ev);
        if (ev.type === 'status') socket.close(1000, 'finished');
      });
      socket.on('close', off);
      socket.on('error', (err) => request.log.warn({ err }, 'websocket error'));
    },
  );
}
