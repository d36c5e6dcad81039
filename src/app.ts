/**
 * Builds the app (external plugins, then our services, then routes), without listening: tests use `app.inject`
 * and supertest on `app.server`; src/server.ts listens. Options override the environment's settings.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import websocket from '@fastify/websocket';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { settingsFromEnv, type Settings } from './config.js';
import { problemErrorHandler, sendProblem } from './http/problem.js';
import { servicesPlugin } from './http/services.js';
import { authPlugin } from './http/auth.js';
import { withRedaction } from './auth/redact.js';
import { openapiOptions } from './contract/openapi-options.js';
import { asyncapi } from './contract/asyncapi.js';
import { contractSerializerCompiler } from './contract/serializer.js';
import healthRoutes from '../routes/health.js';
import modelRoutes from '../routes/models.js';
import sessionRoutes from '../routes/sessions.js';
import runRoutes from '../routes/runs.js';
import streamRoutes from '../routes/stream.js';

export interface AppOptions {
  settings?: Partial<Settings>;
  /** pino options, or false for no logging (tests). */
  logger?: boolean | Record<string, unknown>;
  /** Ignore the environment (tests): settings come only from `settings` and the defaults. */
  ignoreEnv?: boolean;
}

export async function buildApp(opts: AppOptions = {}): Promise<FastifyInstance> {
  const settings = settingsFromEnv(opts.ignoreEnv ? {} : process.env, opts.settings ?? {});
  const app = Fastify({
    logger: withRedaction(opts.logger === undefined ? { level: settings.logLevel } : opts.logger),
    bodyLimit: settings.bodyLimit,
    // WebSocket clients send control messages; large explicit matrices come as JSON bodies.
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(contractSerializerCompiler({ strict: settings.strictResponses }));
  app.setErrorHandler(problemErrorHandler);
  app.setNotFoundHandler((request, reply) => sendProblem(reply, request, 404, 'RNN_ERR_ROUTE_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));

  // The viewer and the interactive docs serve their own scripts; a strict CSP would need per-page hashes.
  await app.register(helmet, { contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  await app.register(underPressure, {
    maxEventLoopDelay: settings.maxEventLoopDelayMs,
    exposeStatusRoute: false,
    pressureHandler: (request, reply, type, value) => {
      void sendProblem(reply, request, 503, 'RNN_ERR_OVERLOADED', `the server is overloaded (${type}: ${value})`, { retryAfter: 5 });
    },
  });
  if (settings.rateLimit > 0) await app.register(rateLimit, { max: settings.rateLimit, timeWindow: '1 minute' });
  await app.register(websocket, { options: { maxPayload: 1 << 20 } });
  await app.register(swagger, openapiOptions());
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(servicesPlugin, { settings });
  await app.register(authPlugin);

  await app.register(healthRoutes);
  await app.register(modelRoutes, { prefix: '/v1' });
  await app.register(sessionRoutes, { prefix: '/v1' });
  await app.register(runRoutes, { prefix: '/v1' });
  await app.register((await import('../routes/recordings.js')).default, { prefix: '/v1' });
  await app.register(streamRoutes, { prefix: '/v1' });
  await app.register((await import('../routes/experiments.js')).default, { prefix: '/v1' });
  await app.register((await import('./http/viewer.js')).viewerPlugin); // the students' viewer at / (issue #10)
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/asyncapi.json', { schema: { hide: true } }, async () => asyncapi()); // the WebSocket channels (src/contract/asyncapi.ts)
  await app.ready();
  return app;
}
