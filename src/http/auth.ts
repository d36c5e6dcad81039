/** The auth plugin: decorates every request with `user` (see src/auth/tokens.ts for the two modes). */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { errors } from '../errors.js';
import { LOCAL_USER, loadTokens, type User } from '../auth/tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: User;
  }
}

export const authPlugin = fp(
  async (app: FastifyInstance) => {
    const tokens = loadTokens(app.settings.tokensFile, app.settings.tokens);
    app.decorateRequest('user', null as unknown as User);
    app.addHook('onRequest', async (request) => {
      if (!tokens) {
        request.user = LOCAL_USER;
        return;
      }
      const path = request.url.split('?')[0]!;
      // Everything outside /v1 (health, metrics, docs, the viewer's static files) and the model catalogue is public.
      if (!path.startsWith('/v1/') || path.startsWith('/v1/models')) {
        request.user = { name: 'anonymous', role: 'student' };
        return;
      }
      const header = request.headers.authorization;
      let token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      if (!token) token = (request.query as { token?: string } | undefined)?.token;
      const user = token ? tokens.get(token) : undefined;
      if (!user) throw errors.unauthorized();
      request.user = user;
    });
  },
  { name: 'rnnlab-auth', dependencies: ['rnnlab-services'] },
);
