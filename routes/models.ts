/** Model kinds: what each is, its equations and references, the JSON Schema of its config, defaults and presets. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listModels } from '../src/models/index.js';
import type { ModelDefinition } from '../src/models/contract.js';
import { engineLiveSchema } from '../src/engine/simulator.js';
import { operation } from '../src/contract/operation.js';
import { modelListSchema, modelSchema } from '../src/contract/schemas/models.js';

/** A kind's page, computed once per kind: z.toJSONSchema of the bigger configs costs ~0.3–0.6 s of main thread. */
const pages = new Map<string, ReturnType<typeof buildPage>>();
function describe(m: ModelDefinition) {
  let page = pages.get(m.meta.kind);
  if (!page) pages.set(m.meta.kind, (page = buildPage(m)));
  return page;
}

function buildPage(m: ModelDefinition) {
  const defaults = m.configSchema.parse({});
  const base = {
    kind: m.meta.kind,
    title: m.meta.title,
    summary: m.meta.summary,
    equations: m.meta.equations,
    references: m.meta.references,
    timeUnit: m.meta.timeUnit,
    fields: m.meta.fields,
    activityField: m.meta.activityField ?? null,
    trainable: Boolean(m.train),
    presets: m.presets.map((p) => ({ name: p.name, description: p.description, reference: p.reference ?? null, config: p.config, run: p.run ?? null })),
  };
  return {
    ...base,
    defaults,
    configSchema: z.toJSONSchema(m.configSchema, { io: 'input', unrepresentable: 'any' }),
    liveSchema: z.toJSONSchema((m.liveSchema as unknown as z.ZodObject).extend(engineLiveSchema.shape), { io: 'input', unrepresentable: 'any' }),
    trainSchema: m.train ? z.toJSONSchema(m.train.schema, { io: 'input', unrepresentable: 'any' }) : null,
    inputChannels: m.inputSize(defaults),
    dt: m.dt(defaults),
  };
}

export default async function modelRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/models',
    {
      schema: operation({
        operationId: 'listModels',
        tag: 'models',
        summary: 'Every model kind with its description, presets and schemas',
        auth: 'public',
        responses: { 200: { description: 'The catalogue', schema: modelListSchema } },
      }),
    },
    async () => ({ models: listModels().map((m) => describe(m)) }),
  );
  app.get(
    '/models/:kind',
    {
      schema: operation({
        operationId: 'getModel',
        tag: 'models',
        summary: 'One model kind: description, equations, references, config JSON Schema, defaults, presets',
        auth: 'public',
        params: z.object({ kind: z.string().max(100).describe('Model kind, e.g. "rate"') }),
        responses: { 200: { description: 'The kind', schema: modelSchema } },
        errors: { 404: 'No such model kind (RNN_ERR_UNKNOWN_MODEL lists the known ones)' },
      }),
    },
    async (request) => describe(app.sessions.resolveModel(request.params.kind)),
  );
}
