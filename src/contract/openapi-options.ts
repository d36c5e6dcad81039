/**
 * How the OpenAPI 3.1 document is made: @fastify/swagger walks the routes (each declared with `operation()`), and
 * fastify-type-provider-zod turns their zod schemas into JSON Schema; zod schemas registered with an id
 * (`.meta({ id })`) become `components.schemas` referenced by `$ref` (an input variant is suffixed `Input`).
 * Components no operation reaches are pruned, so the document carries only what it uses.
 */
import type { SwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { version } from '../version.js';
import { BEARER } from './operation.js';
import { apiTags } from './tags.js';

type OpenApiDocument = Record<string, unknown> & { components?: { schemas?: Record<string, unknown> } };

export function openapiOptions(): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'rnnlab',
        summary: 'Build, run and watch recurrent neural-network simulations',
        description:
          'Sessions hold a network of one model kind (GET /v1/models), runs and trainings go to a worker pool, experiments sweep ' +
          'parameters across it. Every error is application/problem+json (RFC 9457) with a stable `code`; validation errors name ' +
          'each failing field. The two WebSocket channels (/v1/sessions/{id}/stream, /v1/experiments/{id}/stream) are described ' +
          'by the AsyncAPI 3 document at /asyncapi.json.',
        version,
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [
        {
          url: 'http://{host}:{port}',
          description: 'An rnnlab server (`npm start` serves on 127.0.0.1:8080)',
          variables: { host: { default: '127.0.0.1' }, port: { default: '8080' } },
        },
      ],
      tags: apiTags.map((t) => ({ ...t })),
      components: {
        securitySchemes: {
          [BEARER]: {
            type: 'http',
            scheme: 'bearer',
            description:
              'Token mode (TOKENS or TOKENS_FILE set): `Authorization: Bearer <token>`. ' +
              'A server without tokens accepts every request as the local user.',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (doc) => pruneUnusedSchemas(jsonSchemaTransformObject(doc) as OpenApiDocument) as ReturnType<typeof jsonSchemaTransformObject>,
  };
}

/** Drop `components.schemas` entries that nothing outside them references, directly or through other components. */
export function pruneUnusedSchemas<D extends OpenApiDocument>(doc: D): D {
  const schemas = doc.components?.schemas;
  if (!schemas) return doc;
  const prefix = '#/components/schemas/';
  const used = new Set<string>();
  const pending: string[] = [];
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string' && v.startsWith(prefix)) {
          const name = v.slice(prefix.length);
          if (!used.has(name)) {
            used.add(name);
            pending.push(name);
          }
        } else collect(v);
      }
    }
  };
  const { components, ...rest } = doc;
  collect(rest);
  collect({ ...components, schemas: undefined });
  while (pending.length > 0) collect(schemas[pending.pop()!]);
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)).sort(([a], [b]) => a.localeCompare(b)));
  return { ...doc, components: { ...components, schemas: kept } };
}
