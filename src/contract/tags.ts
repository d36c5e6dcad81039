/**
 * The OpenAPI tags, one per area of the API, each with its description (redocly's rules want every tag used by an
 * operation declared with one). A WP adding an area adds its tag here.
 */
export const apiTags = [
  { name: 'models', description: 'Model kinds: what each is, its equations and references, config JSON Schema, defaults and presets' },
  { name: 'sessions', description: 'Sessions: a network of one kind with its config, seed and state' },
  { name: 'runs', description: 'Runs and trainings of a session on the worker pool, and their recordings' },
  { name: 'experiments', description: 'Parameter sweeps across the pool, with their results tables' },
  { name: 'ops', description: 'Liveness, readiness and Prometheus metrics' },
] as const;

export type ApiTag = (typeof apiTags)[number]['name'];
