/**
 * The one registry of model kinds. Every kind is listed here, explicitly; registering a kind twice is an error
 * (as Brian2's state-updater registry refuses duplicates), so no kind silently shadows another.
 */
import type { ModelDefinition } from './contract.js';
import { rate } from './rate/rate.js';
import { wta } from './wta/wta.js';
import { integrator } from './integrator/integrator.js';
import { lsm } from './lsm/lsm.js';
import { force } from './force/force.js';
import { hopfield } from './attractor/hopfield.js';
import { convrnn } from './convrnn/convrnn.js';
import { strf } from './strf/strf.js';
import { tdnn } from './tdnn/tdnn.js';
import { boltzmann } from './attractor/boltzmann.js';
import { esn } from './esn/esn.js';

const registry = new Map<string, ModelDefinition>();

export function register(model: ModelDefinition): void {
  if (registry.has(model.meta.kind)) throw new Error(`model kind "${model.meta.kind}" is registered twice`);
  registry.set(model.meta.kind, model);
}

register(rate);
register(wta);
register(integrator);
register(lsm);
register(force);
register(hopfield);
register(convrnn);
register(strf);
register(tdnn);
register(boltzmann);
register(esn);

export function getModel(kind: string): ModelDefinition | undefined {
  return registry.get(kind);
}

export function listModels(): ModelDefinition[] {
  return [...registry.values()];
}
