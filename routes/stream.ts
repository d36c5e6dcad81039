/**
 * GET /v1/sessions/{id}/stream (WebSocket). A validated GET route: params, query and auth are checked before the
 * upgrade. Out: frames (binary or JSON, see src/streaming/frame-codec.ts) and JSON events (hello, run status,
 * progress, live, dropped, ack, error). In: {"type":"pause"|"resume"|"stop"} and {"type":"set","params":{…}}.
 * Idle sockets are found with ping/pong and closed.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, zodIssues } from '../src/errors.js';
import { operation } from '../src/contract/operation.js';
// What clients may send (documented by the AsyncAPI document generated from the same schemas).
import { controlMessage } from '../src/contract/stream-messages.js';


export default async function streamRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/sessions/:id/stream',
    {
      websocket: true,
      // A WebSocket upgrade: its messages are described by the AsyncAPI document (/asyncapi.json), not OpenAPI.
      schema: operation({
        operationId: 'streamSession',
        tag: 'sessions',
        summary: 'WebSocket stream of frames; control messages pause, resume, stop, set',
        auth: 'token',
        hide: true,
        params: z.object({ id: z.string().max(100) }),
        querystring: z.object({
          encoding: z.enum(['binary', 'json']).default('binary').describe('Frame encoding (layout in the README)'),
          token: z.string().max(500).optional().describe('Bearer token, when token mode is on'),
        }),
        responses: { 101: { description: 'Switching to the WebSocket protocol', empty: true } },
        errors: { 404: 'No such session (or not yours)' },
      }),
      preHandler: async (request) => {
        await app.sessions.get(request.user, (request.params as { id: string }).id);
      },
    },
    (socket, request) => {
      const { id } = request.params;
      const { encoding } = request.query;
      const user = request.user;
      // Listeners are attached at once (a client may send before the hello); the hello, then the subscription,
      // follow the session's (async) load, so no frame precedes the hello. Messages are handled in arrival order.
      let sub: ReturnType<typeof app.hub.subscribe> | undefined;
      let closed = false;
      let queue: Promise<void> = app.sessions.get(user, id).then(
        (s) => {
          if (closed) return;
          socket.send(
            JSON.stringify({ type: 'hello', session: id, model: s.row.kind, encoding, step: s.runtime.step, t: s.runtime.t, activeRun: s.activeRunId, fields: s.model.meta.fields, live: s.runtime.live }),
          );
          sub = app.hub.subscribe(id, socket, encoding);
          app.metrics.sockets.set(app.hub.subscriberCount());
        },
        (err: unknown) => {
          request.log.warn({ err }, 'websocket session gone before the hello');
          socket.close(1011, 'session not available');
        },
      );

      let alive = true;
      socket.on('pong', () => (alive = true));
      const pinger = setInterval(() => {
        if (!alive) {
          socket.terminate();
          return;
        }
        alive = false;
        socket.ping();
      }, app.settings.wsPingMs);

      socket.on('message', (data, isBinary) => {
        alive = true;
        queue = queue.then(() => handle(data, isBinary));
      });
      const handle = async (data: import('ws').RawData, isBinary: boolean): Promise<void> => {
        const reply = (msg: Record<string, unknown>) => socket.readyState === 1 && socket.send(JSON.stringify(msg));
        try {
          if (isBinary) throw new AppError('RNN_ERR_VALIDATION', 400, 'control messages are JSON text');
          let raw: unknown;
          try {
            raw = JSON.parse(data.toString());
          } catch {
            throw new AppError('RNN_ERR_VALIDATION', 400, 'a control message must be JSON, e.g. {"type":"pause"}');
          }
          const parsed = controlMessage.safeParse(raw);
          if (!parsed.success) {
            const issues = zodIssues(parsed.error.issues, 'message');
            throw new AppError('RNN_ERR_VALIDATION', 400, issues.map((i) => `${i.path}: ${i.message}`).join('; '), { errors: issues });
          }
          const msg = parsed.data;
          if (msg.type === 'state') {
            const cur = await app.sessions.get(user, id);
            reply({ type: 'state', step: cur.runtime.step, t: cur.runtime.t, live: cur.runtime.live, activeRun: cur.activeRunId });
            return;
          }
          reply(await app.runs.control(user, id, msg));
        } catch (err) {
          const e = err instanceof AppError ? err : new AppError('RNN_ERR_INTERNAL', 500, 'internal error');
          if (!(err instanceof AppError)) request.log.error({ err }, 'websocket message failed');
          reply({ type: 'error', status: e.statusCode, code: e.code, detail: e.message, ...(e.extra.errors ? { errors: e.extra.errors } : {}) });
        }
      };
      socket.on('close', () => {
        closed = true;
        clearInterval(pinger);
        if (sub) app.hub.unsubscribe(id, sub);
        app.metrics.sockets.set(app.hub.subscriberCount());
      });
      socket.on('error', (err) => request.log.warn({ err }, 'websocket error'));
    },
  );
}
