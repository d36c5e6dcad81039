/**
 * Admission of a training, on the main thread before anything is queued: the request (already parsed by the kind's
 * train schema) is checked against the session (`train.validate`), then its estimated cost (`train.cost`) against
 * the server's budget. A refusal names the fields: the mismatching ones (400), or those that drive an excessive cost
 * (422), so a user knows what to change. Pure: the caller turns a refusal into its HTTP error.
 */
import type { FieldRef, ModelDefinition, TrainCost } from './contract.js';
import { trainSeconds } from './train-rates.js';

export interface TrainBudget {
  /** Most bytes one training may hold at once beyond its session's state (MAX_TRAIN_MB). */
  maxBytes: number;
  /** Most seconds a training may be estimated to take at the fastest rate measured for its kind (MAX_TRAIN_SECONDS). */
  maxSeconds: number;
}

export interface TrainRefusal {
  status: 400 | 422;
  reason: 'mismatch' | 'memory' | 'time';
  message: string;
  errors: { path: string; message: string }[];
}

/** Where request and config fields sit in the caller's body: the train route takes the request as the body. */
export interface FieldPrefixes {
  request: string;
  config: string;
}

export function fieldPath(ref: FieldRef, prefixes: FieldPrefixes): string {
  return [ref.in === 'request' ? prefixes.request : prefixes.config, ...ref.path.map(String)].filter((p) => p !== '').join('.');
}

const mb = (bytes: number) => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.ceil(bytes / 1e6)} MB`);
const duration = (s: number) => (s >= 7200 ? `${(s / 3600).toFixed(1)} h` : s >= 120 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`);

export interface TrainEstimate extends TrainCost {
  /** The estimate in seconds (at the fastest rate measured for the kind: a lower bound rather than a forecast). */
  seconds: number;
}

/** The estimated cost of a training, with its time at the kind's measured rate; null for a kind without estimates. */
export function estimateTraining(model: ModelDefinition, config: unknown, request: unknown, state?: unknown): TrainEstimate | null {
  const cost = model.train?.cost?.(config, request, state);
  return cost ? { ...cost, seconds: trainSeconds(model.meta.kind, cost) } : null;
}

/** null when the training may be queued; otherwise why not, with the fields to change. */
export function checkTraining(
  model: ModelDefinition,
  config: unknown,
  request: unknown,
  state: unknown,
  budget: TrainBudget,
  prefixes: FieldPrefixes = { request: '', config: 'config' },
): TrainRefusal | null {
  const issues = model.train?.validate?.(config, request, state) ?? [];
  if (issues.length > 0) {
    const errors = issues.map((i) => ({ path: fieldPath(i, prefixes), message: i.message }));
    return { status: 400, reason: 'mismatch', message: errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; '), errors };
  }
  const cost = estimateTraining(model, config, request, state);
  if (!cost) return null;
  const drivers = cost.drivers.map((d) => fieldPath(d, prefixes));
  const limit = Math.min(budget.maxBytes, cost.limitBytes ?? Infinity);
  if (cost.peakBytes > limit) {
    const which = cost.limitBytes !== undefined && cost.limitBytes < budget.maxBytes ? `the ${model.meta.kind} implementation's limit of ${mb(cost.limitBytes)}` : `the budget of ${mb(budget.maxBytes)} (MAX_TRAIN_MB)`;
    const message = `this training would hold about ${mb(cost.peakBytes)} at once, over ${which}; it grows with ${drivers.join(', ')}`;
    return { status: 422, reason: 'memory', message, errors: drivers.map((path) => ({ path, message: `drives the training's memory (about ${mb(cost.peakBytes)}, limit ${mb(limit)})` })) };
  }
  if (cost.seconds > budget.maxSeconds) {
    const message = `this training would take at least ${duration(cost.seconds)} (about ${cost.flops.toPrecision(2)} flops), over the limit of ${duration(budget.maxSeconds)} (MAX_TRAIN_SECONDS); it grows with ${drivers.join(', ')}`;
    return { status: 422, reason: 'time', message, errors: drivers.map((path) => ({ path, message: `drives the training's time (at least ${duration(cost.seconds)}, limit ${duration(budget.maxSeconds)})` })) };
  }
  return null;
}

/** The budget from the server's settings (MAX_TRAIN_MB, MAX_TRAIN_SECONDS). */
export function trainBudget(settings: { maxTrainMb: number; maxTrainSeconds: number }): TrainBudget {
  return { maxBytes: settings.maxTrainMb * 1024 * 1024, maxSeconds: settings.maxTrainSeconds };
}
