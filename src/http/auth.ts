/**
 * The auth plugin: decorates every request with `user` (see src/auth/tokens.ts for the modes).
 *
 * Whether a request needs a token is decided on the route fastify MATCHED, never on the URL text: the router
 * decodes `/%761/sessions` to `/v1/sessions` before matching, so a test on the raw text (`startsWith('/v1/')`)
 * let percent-encoded paths through unauthenticated (#15 item 3). A route is public when its config says
 * `public: true`, when its pattern lies outside `/v1/` (health, metrics, docs, the viewer's files) or is the model
 * catalogue; an unmatched URL reaches the 404 handler, which reveals nothing.
 *
 * The token comes from `Authorization: Bearer …`; `?token=` only on a WebSocket upgrade of a WebSocket route,
 * the one place a browser cannot set a header (#15 item 8). Token values never reach the logs (src/auth/redact.ts).
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, errors } from '../errors.js';
import { LOCAL_USER, loadTokens, type User } from '../auth/tokens.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Token → user lookups besides the operator's token file (class tokens register one here). */
    tokenResolvers: TokenResolver[];
    /** True when operator tokens are configured: every non-public request needs a token. */
    tokenMode: boolean;
  }
  interface FastifyRequest {
    user: User;
  }
  interface FastifyContextConfig {
    /** Serve this route without a token in token mode. */
    public?: boolean;
  }
}

/** Finds the user a bearer token belongs to (undefined when it is not one of its tokens). */
export type TokenResolver = (token: string) => User | undefined | Promise<User | undefined>;

export const ANONYMOUS: User = { name: 'anonymous', role: 'student' };

/** Public by the matched route: its config, or its pattern (not the request's URL text). */
export function isPublicRoute(request: FastifyRequest): boolean {
  if (request.is404) return true;
  if (request.routeOptions.config?.public === true) return true;
  const pattern = request.routeOptions.url ?? '';
  return !pattern.startsWith('/v1/') || pattern === '/v1/models' || pattern.startsWith('/v1/models/');
}

/** The bearer token of the request: the Authorization header, or `?token=` on a WebSocket upgrade only. */
export function requestToken(request: FastifyRequest): { token?: string; misplaced: boolean } {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return { token: m?.[1], misplaced: false };
  }
  const query = (request.query ?? {}) as Record<string, unknown>;
  const q = query.token;
  if (q === undefined) return { misplaced: false };
  const upgrade = request.ws === true && request.routeOptions.config?.websocketRoute === true;
  if (!upgrade || typeof q !== 'string') return { misplaced: true };
  return { token: q, misplaced: false };
}

const queryTokenRefused = () =>
  new AppError('RNN_ERR_UNAUTHORIZED', 401, 'a token in the query (?token=) is accepted only on WebSocket upgrades; send it as Authorization: Bearer …');

export const authPlugin = fp(
  async (app: FastifyInstance) => {
    const operatorTokens = loadTokens(app.settings.tokensFile, app.settings.tokens);
    app.decorate('tokenMode', operatorTokens !== null);
    app.decorate('tokenResolvers', [] as TokenResolver[]);
    app.decorateRequest('user', null as unknown as User);

    // Mark WebSocket routes, so that a query token is honoured on them alone.
    app.addHook('onRoute', (route) => {
      if (route.websocket) route.config = { ...(route.config ?? {}), websocketRoute: true };
    });

    async function resolve(token: string): Promise<User | undefined> {
      const op = operatorTokens?.get(token);
      if (op) return op;
      for (const r of app.tokenResolvers) {
        const u = await r(token);
        if (u) return u;
      }
      return undefined;
    }

    app.addHook('onRequest', async (request) => {
      const open = operatorTokens === null;
      const publicRoute = isPublicRoute(request);
      const { token, misplaced } = requestToken(request);
      const fallback = open ? LOCAL_USER : ANONYMOUS;
      if (publicRoute) {
        // Public: a valid token still says who is asking (a class page reading its own class), anything else is
        // the anonymous (token mode) or local (open mode) user.
        request.user = (token !== undefined ? await resolve(token) : undefined) ?? fallback;
        return;
      }
      if (token === undefined) {
        if (misplaced) throw queryTokenRefused();
        if (!open) throw errors.unauthorized();
        request.user = LOCAL_USER;
        return;
      }
      // A presented token must be valid, in open mode too (class students carry theirs there as well): a mistyped or
      // revoked token is never silently someone else.
      const user = await resolve(token);
      if (!user) throw errors.unauthorized();
      request.user = user;
    });
  },
  { name: 'rnnlab-auth', dependencies: ['rnnlab-services'] },
);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by the auth plugin on WebSocket routes (query tokens are accepted there only). */
    websocketRoute?: boolean;
  }
}
