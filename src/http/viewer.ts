/**
 * The viewer: the students' page at `/` (issue #10), static files built by Vite from `web/` into `dist/web/`
 * (`npm run build`). Only the files present at start-up are served (no wildcard route), so the API, `/docs` and the
 * problem+json 404 stay as they are. Without a build, `/` answers 503 with a problem saying how to build it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { sendProblem } from './problem.js';

/** dist/web from both src/http (tests, tsx) and dist/src/http (compiled): two levels up, then dist/web. */
export function viewerRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const up = path.resolve(here, '../..');
  return path.basename(up) === 'dist' ? path.join(up, 'web') : path.join(up, 'dist', 'web');
}

export async function viewerPlugin(app: FastifyInstance, opts: { root?: string } = {}): Promise<void> {
  const root = opts.root ?? viewerRoot();
  if (!existsSync(path.join(root, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (request, reply) =>
      sendProblem(reply, request, 503, 'RNN_ERR_VIEWER_NOT_BUILT', 'the viewer is not built: run `npm run build` (vite build --config web/vite.config.ts)'),
    );
    return;
  }
  // decorateReply false: @fastify/swagger-ui registers @fastify/static too (reply.sendFile is decorated once).
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, decorateReply: false, index: 'index.html', cacheControl: true, maxAge: 0 });
}
