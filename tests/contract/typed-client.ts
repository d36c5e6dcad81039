/**
 * A client generated from the OpenAPI document (openapi-typescript types in openapi/schema.d.ts + openapi-fetch),
 * used as a notebook or a front end would: tests/routes/openapi-client.test.ts type-checks this file with tsc (a
 * field the document lacks, a wrong parameter or body is a compile error) and runs it against the real server
 * with a middleware that validates every answer against the document. Every operation of the document is called.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../../openapi/schema.js';

type Session = components['schemas']['Session'];
type Run = components['schemas']['Run'];

export async function tour(baseUrl: string, check: Middleware): Promise<{ session: Session; run: Run; experimentRows: number }> {
  const api = createClient<paths>({ baseUrl });
  api.use(check);
  const ok = <T>(r: { data?: T; error?: unknown; response: Response }, what: string): T => {
    if (r.data === undefined && r.response.status !== 204) throw new Error(`${what}: ${r.response.status} ${JSON.stringify(r.error)}`);
    return r.data as T;
  };

  // ops
  const health = ok(await api.GET('/healthz'), 'getHealth');
  if (health.status !== 'ok') throw new Error('not healthy');
  ok(await api.GET('/readyz'), 'getReadiness');
  const metrics = await api.GET('/metrics', { parseAs: 'text' });
  if (!String(metrics.data).includes('rnnlab_')) throw new Error('no metrics');

  // models
  const models = ok(await api.GET('/v1/models'), 'listModels');
  const rate = ok(await api.GET('/v1/models/{kind}', { params: { path: { kind: 'rate' } } }), 'getModel');
  if (!models.models.some((m) => m.kind === rate.kind) || rate.presets.length === 0) throw new Error('catalogue');
  const unknown = await api.GET('/v1/models/{kind}', { params: { path: { kind: 'nosuchkind' } } });
  if (unknown.response.status !== 404 || unknown.error?.code !== 'RNN_ERR_UNKNOWN_MODEL') throw new Error('unknown kind');

  // sessions
  const bad = await api.POST('/v1/sessions', { body: { model: 'rate', config: { size: -1 } } });
  if (bad.response.status !== 400 || !bad.error?.errors?.some((e) => e.path.includes('size'))) throw new Error('validation problem');
  const created = ok(await api.POST('/v1/sessions', { body: { model: 'rate', preset: rate.presets[0]!.name, seed: 7, name: 'tour' } }), 'createSession');
  const path = { id: created.id };
  ok(await api.GET('/v1/sessions'), 'listSessions');
  ok(await api.GET('/v1/sessions/{id}', { params: { path } }), 'getSession');
  const renamed = ok(await api.PATCH('/v1/sessions/{id}', { params: { path }, body: { name: 'renamed', live: {} } }), 'updateSession');
  if (renamed.name !== 'renamed') throw new Error('rename');
  const state = ok(await api.GET('/v1/sessions/{id}/state', { params: { path } }), 'getSessionState');
  if (state.step !== 0) throw new Error('fresh state');

  // runs
  const queued = ok(await api.POST('/v1/sessions/{id}/runs', { params: { path }, body: { steps: 1_000_000, fps: 10 } }), 'startRun (202)');
  const runPath = { id: created.id, runId: queued.id };
  ok(await api.GET('/v1/sessions/{id}/runs/{runId}', { params: { path: runPath } }), 'getRun');
  const busy = await api.POST('/v1/sessions/{id}/runs', { params: { path }, body: { steps: 5 } });
  if (busy.response.status !== 409) throw new Error('one run at a time');
  ok(await api.DELETE('/v1/sessions/{id}/runs/{runId}', { params: { path: runPath } }), 'cancelRun');
  for (let i = 0; ; i++) {
    const r = ok(await api.GET('/v1/sessions/{id}/runs/{runId}', { params: { path: runPath } }), 'getRun');
    if (r.status === 'cancelled') break;
    if (i > 200) throw new Error(`run stuck in ${r.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const run = ok(await api.POST('/v1/sessions/{id}/runs', { params: { path }, body: { steps: 20, recordEvery: 2, wait: true } }), 'startRun (200)');
  if (run.status !== 'done' || !run.hasRecording) throw new Error('run');
  const runs = ok(await api.GET('/v1/sessions/{id}/runs', { params: { path } }), 'listRuns');
  if (runs.runs.length !== 2) throw new Error('two runs');
  const rec = ok(await api.GET('/v1/sessions/{id}/runs/{runId}/recording', { params: { path: { id: created.id, runId: run.id }, query: { format: 'json' } } }), 'getRecording');
  if (typeof rec !== 'object' || rec.meta.samples !== 10 || rec.t.length !== 10) throw new Error('recording');
  const csv = await api.GET('/v1/sessions/{id}/runs/{runId}/recording', { params: { path: { id: created.id, runId: run.id }, query: { format: 'csv' } }, parseAs: 'text' });
  if (!String(csv.data).startsWith('t,step,')) throw new Error('csv');
  const meta = ok(await api.GET('/v1/sessions/{id}/runs/{runId}/recording/meta', { params: { path: { id: created.id, runId: run.id } } }), 'getRecordingMeta');
  if (meta.columns[0] !== 't' || meta.samples !== 10) throw new Error('recording meta');
  const npz = await api.GET('/v1/sessions/{id}/runs/{runId}/recording', { params: { path: { id: created.id, runId: run.id }, query: { format: 'npz' } }, parseAs: 'arrayBuffer' });
  if (new Uint8Array(npz.data as ArrayBuffer)[0] !== 0x50) throw new Error('npz is a zip');
  const notTrainable = await api.POST('/v1/sessions/{id}/train', { params: { path }, body: {} });
  if (notTrainable.response.status !== 409) throw new Error('rate has no training');
  const hop = ok(await api.POST('/v1/sessions', { body: { model: 'hopfield', config: { size: 64 }, seed: 1 } }), 'createSession');
  const trained = ok(await api.POST('/v1/sessions/{id}/train', { params: { path: { id: hop.id }, query: { wait: 'true' } }, body: {} }), 'startTraining');
  if (trained.status !== 'done' || trained.type !== 'train') throw new Error('training');
  const reset = ok(await api.POST('/v1/sessions/{id}/reset', { params: { path } }), 'resetSession');
  if (reset.step !== 0) throw new Error('reset');

  // experiments
  const exp = ok(await api.POST('/v1/experiments', { body: { model: 'hopfield', config: { size: 40 }, grid: { 'cue.flip': [0.1, 0.2] }, seeds: 1, run: { steps: 5 } } }), 'createExperiment');
  const expPath = { id: exp.id };
  let status = exp.status;
  for (let i = 0; status === 'running'; i++) {
    if (i > 400) throw new Error('experiment stuck');
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = ok(await api.GET('/v1/experiments/{id}', { params: { path: expPath, query: { results: 'false' } } }), 'getExperiment').status;
  }
  const full = ok(await api.GET('/v1/experiments/{id}', { params: { path: expPath } }), 'getExperiment');
  ok(await api.GET('/v1/experiments'), 'listExperiments');
  const results = ok(await api.GET('/v1/experiments/{id}/results', { params: { path: expPath, query: { format: 'json' } } }), 'getExperimentResults');
  if (typeof results !== 'object' || results.rows.length !== full.total) throw new Error('results');
  ok(await api.DELETE('/v1/experiments/{id}', { params: { path: expPath } }), 'cancelExperiment');
  const purged = await api.DELETE('/v1/experiments/{id}', { params: { path: expPath, query: { purge: 'true' } } });
  if (purged.response.status !== 204) throw new Error('purge');

  const session = ok(await api.GET('/v1/sessions/{id}', { params: { path } }), 'getSession');
  const gone = await api.DELETE('/v1/sessions/{id}', { params: { path } });
  if (gone.response.status !== 204) throw new Error('delete');
  const missing = await api.GET('/v1/sessions/{id}', { params: { path } });
  if (missing.response.status !== 404 || missing.error?.code !== 'RNN_ERR_NOT_FOUND') throw new Error('deleted session still there');
  return { session, run, experimentRows: results.rows.length };
}
