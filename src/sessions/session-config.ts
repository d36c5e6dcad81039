/** A session's kind, config and live parameters, validated against the kind's schemas and the server's limits. */
import { z } from 'zod';
import { getModel, listModels } from '../models/index.js';
import type { ModelDefinition } from '../models/contract.js';
import { engineLiveSchema } from '../engine/simulator.js';
import { errors, zodIssues } from '../errors.js';
import type { Settings } from '../config.js';

export function resolveModel(kind: string): ModelDefinition {
  const model = getModel(kind);
  if (!model) throw errors.unknownModel(kind, listModels().map((m) => m.meta.kind));
  return model;
}

/** Validate a config against the kind's schema and the server's limits; returns the resolved config. */
export function resolveConfig(settings: Pick<Settings, 'maxUnits'>, model: ModelDefinition, config: unknown, pathPrefix = 'config'): unknown {
  // Unknown top-level fields are refused (a misspelt "lamda" must not be silently ignored).
  const shape = (model.configSchema as unknown as { shape?: Record<string, unknown> }).shape;
  if (shape && config && typeof config === 'object' && !Array.isArray(config)) {
    const unknown = Object.keys(config).filter((k) => !(k in shape));
    if (unknown.length > 0) {
      throw errors.validation(unknown.map((k) => ({ path: `${pathPrefix}.${k}`, message: `unknown field for ${model.meta.kind}; fields: ${Object.keys(shape).join(', ')}` })));
    }
  }
  const parsed = model.configSchema.safeParse(config ?? {});
  if (!parsed.success) throw errors.validation(zodIssues(parsed.error.issues, pathPrefix));
  const size = model.size(parsed.data);
  if (size > settings.maxUnits) throw errors.limit('network size (units)', size, settings.maxUnits, `${pathPrefix}.size`);
  return parsed.data;
}

export function validateLive(model: ModelDefinition, params: unknown, prefix: string): Record<string, unknown> {
  const schema = z.object({}).extend((engineLiveSchema as z.ZodObject).shape).extend((model.liveSchema as unknown as z.ZodObject).shape).strict();
  const parsed = schema.safeParse(params ?? {});
  if (!parsed.success) throw errors.validation(zodIssues(parsed.error.issues, prefix));
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
}

/** The config of a create request: the preset's (when named), then the request's fields over it. */
export function requestedConfig(model: ModelDefinition, preset: string | undefined, config: unknown): Record<string, unknown> {
  let base: Record<string, unknown> = {};
  if (preset !== undefined) {
    const p = model.presets.find((x) => x.name === preset);
    if (!p) {
      throw errors.validation([{ path: 'preset', message: `unknown preset "${preset}" for ${model.meta.kind}; presets: ${model.presets.map((x) => x.name).join(', ')}` }]);
    }
    base = structuredClone(p.config) as Record<string, unknown>;
  }
  return { ...base, ...((config as Record<string, unknown>) ?? {}) };
}
