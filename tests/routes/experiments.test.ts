/**
 * Experiments: a sweep completes with one row per grid point × seed; a rerun gives identical numbers; results come
 * as json/csv/npy/arrow; a bad grid point fails its row only; cancel stops what has not run; a restart resumes the
 * missing tasks with the numbers an uninterrupted run gives; progress streams over a WebSocket; ownership holds; a
 * session run is not starved by a big sweep.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import type { FastifyInstance } from 'fastify';
import { build, createSession, listen, StreamClient } from '../helper.js';

const sweep = {
  model: 'integrator',
  config: { form: 'network', size: 20, noise: 0, saccades: [{ onset: 10, amplitude: 10, duration: 20 }] },
  grid: { lambda: [0.95, 1, 1.05] },
  seeds: 2,
  run: { steps: 300 },
  metrics: ['driftTimeConstant', 'driftDirection', 'meanAbsPositionError'],
};

/** A slower sweep (hopfield recall; tens of ms a task) for cancel and restart. */
function slow(tasks: number) {
  return {
    model: 'hopfield',
    config: { size: 300, patterns: { type: 'random', count: 30 }, cue: { pattern: 0, flip: 0.2 } },
    grid: { 'cue.flip': { start: 0.05, stop: 0.4, num: tasks } },
    seeds: 1,
    run: { steps: 30 },
  };
}

async function post(app: FastifyInstance, body: unknown, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'POST', url: '/v1/experiments', payload: body as Record<string, unknown>, headers });
  return res;
}

async function waitUntil(app: FastifyInstance, id: string, pred: (e: Record<string, any>) => boolean, timeoutMs = 30_000): Promise<Record<string, any>> {
  const t0 = Date.now();
  for (;;) {
    const e = (await app.inject({ method: 'GET', url: `/v1/experiments/${id}?results=false` })).json();
    if (pred(e)) return e;
    if (Date.now() - t0 > timeoutMs) throw new Error(`experiment ${id} stuck: ${JSON.stringify(e.progress)} ${e.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const finished = (e: Record<string, any>) => e.status !== 'running';

describe('experiments', () => {
  // One app (pool of 2) for the tests that need nothing special: starting an app costs seconds.
  let shared: { app: FastifyInstance; ws: string };
  beforeAll(async () => {
    shared = await listen();
  });

  it('runs every grid point × seed, reruns identically, and downloads json/csv/npy/arrow', async () => {
    const app = shared.app;
    const res = await post(app, sweep);
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id;
    expect(res.headers.location).toBe(`/v1/experiments/${id}`);
    expect(res.json().total).toBe(6);
    const e = await waitUntil(app, id, finished);
    expect(e.status).toBe('done');
    expect(e.progress).toMatchObject({ done: 6, failed: 0, total: 6, fraction: 1, etaSeconds: 0 });

    const full = (await app.inject({ method: 'GET', url: `/v1/experiments/${id}` })).json();
    expect(full.results.params).toEqual(['lambda']);
    expect(full.results.metrics).toEqual(sweep.metrics);
    const rows = full.results.rows;
    expect(rows.map((r: any) => [r.params.lambda, r.seed])).toEqual([[0.95, 0], [0.95, 1], [1, 0], [1, 1], [1.05, 0], [1.05, 1]]);
    expect(rows.every((r: any) => r.status === 'done' && r.version)).toBe(true);
    // Leaky (λ<1) decays, λ>1 is unstable.
    expect(rows[0].metrics.driftDirection).not.toBe(rows[4].metrics.driftDirection);

    const again = await post(app, sweep);
    await waitUntil(app, again.json().id, finished);
    const rows2 = (await app.inject({ method: 'GET', url: `/v1/experiments/${again.json().id}` })).json().results.rows;
    expect(rows2.map((r: any) => r.metrics)).toEqual(rows.map((r: any) => r.metrics));

    const json = (await app.inject({ method: 'GET', url: `/v1/experiments/${id}/results?format=json` })).json();
    expect(json.rows).toHaveLength(6);
    expect(json.versions.rnnlab).toBeTruthy();

    const csv = await app.inject({ method: 'GET', url: `/v1/experiments/${id}/results?format=csv` });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('index,lambda,seed,status,driftTimeConstant,driftDirection,meanAbsPositionError,error,ms,version');
    expect(lines).toHaveLength(7);

    const npy = await app.inject({ method: 'GET', url: `/v1/experiments/${id}/results?format=npy` });
    expect(npy.rawPayload.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
    const names = JSON.parse(npy.headers['x-rnnlab-columns'] as string);
    expect(names).toEqual(['index', 'lambda', 'seed', 'driftTimeConstant', 'meanAbsPositionError', 'ms']);

    const arrow = await app.inject({ method: 'GET', url: `/v1/experiments/${id}/results?format=arrow` });
    const table = tableFromIPC(arrow.rawPayload);
    expect(table.numRows).toBe(6);
    expect(table.getChild('lambda')!.toArray()[4]).toBe(1.05);
    expect(table.getChild('driftDirection')!.get(0)).toBe(rows[0].metrics.driftDirection);
    expect(Number(table.getChild('seed')!.get(1))).toBe(1);
  });

  it('a bad grid point fails its row with a clear error; the rest run; unknown paths and bad bodies are 400', async () => {
    const app = shared.app;
    const res = await post(app, { ...sweep, grid: { size: [10, -5, 20] }, seeds: 1 });
    expect(res.statusCode, res.body).toBe(202);
    const e = await waitUntil(app, res.json().id, finished);
    expect(e.status).toBe('done');
    expect(e.progress).toMatchObject({ done: 2, failed: 1 });
    const rows = (await app.inject({ method: 'GET', url: `/v1/experiments/${e.id}` })).json().results.rows;
    expect(rows[1].status).toBe('failed');
    expect(rows[1].error).toMatch(/config\.size/);
    expect(rows[0].status).toBe('done');

    const allBad = await post(app, { ...sweep, grid: { size: [-1, -2] }, seeds: 1 });
    const e2 = await waitUntil(app, allBad.json().id, finished);
    expect(e2.status).toBe('failed');

    const typo = await post(app, { ...sweep, grid: { lambdaa: [1] } });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().detail).toMatch(/lambdaa/);
    expect((await post(app, { ...sweep, model: 'nope' })).statusCode).toBe(404);
    expect((await post(app, { ...sweep, run: undefined })).statusCode).toBe(400);
    expect((await post(app, { ...sweep, grid: { lambda: { start: 0, stop: 1 } } })).statusCode).toBe(400);
    expect((await post(app, { ...sweep, grid: { a: { start: 0, stop: 1, num: 1000 } }, seeds: 1000 })).statusCode).toBe(422);
    expect((await app.inject({ method: 'GET', url: '/v1/experiments/nope' })).statusCode).toBe(404);
    expect((await post(app, { ...sweep, preset: 'nope' })).statusCode).toBe(400);
    const fromPreset = await post(app, { model: 'integrator', preset: 'mistuned-leaky', grid: { lambda: [0.9] }, run: { steps: 50 } });
    expect(fromPreset.statusCode, fromPreset.body).toBe(202);
    expect((await waitUntil(app, fromPreset.json().id, finished)).status).toBe('done');
    expect((await post(app, { ...sweep, train: { nope: 1 } })).statusCode).toBe(409); // integrator has no training
  });

  it('cancel: tasks not started never run, running ones finish; the experiment stays cancelled', async () => {
    const app = shared.app;
    const id = (await post(app, slow(200))).json().id;
    await waitUntil(app, id, (e) => e.progress.done >= 2);
    const del = await app.inject({ method: 'DELETE', url: `/v1/experiments/${id}` });
    expect(del.statusCode).toBe(200);
    expect(del.json().status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 300));
    const e = (await app.inject({ method: 'GET', url: `/v1/experiments/${id}?results=false` })).json();
    expect(e.status).toBe('cancelled');
    expect(e.progress.cancelled).toBeGreaterThan(150);
    expect(e.progress.done + e.progress.failed + e.progress.cancelled).toBe(200);
    expect(e.progress.running + e.progress.pending).toBe(0);
    const all = (await app.inject({ method: 'GET', url: `/v1/experiments/${id}/results?all=true` })).json();
    expect(all.rows.filter((r: any) => r.status === 'cancelled').length).toBe(e.progress.cancelled);
    expect(app.scheduler.depth).toBe(0);
    // Purge deletes it.
    expect((await app.inject({ method: 'DELETE', url: `/v1/experiments/${id}?purge=true` })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/v1/experiments/${id}` })).statusCode).toBe(404);
  });

  it('a restart mid-experiment resumes the missing tasks, with the numbers of an uninterrupted run', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rnnlab-exp-'));
    try {
      const a = await build({ dataDir }, { autoClose: false });
      const id = (await post(a, slow(24))).json().id;
      await waitUntil(a, id, (e) => e.progress.done >= 3);
      await a.close();
      const b = await build({ dataDir }, { autoClose: false });
      try {
        const mid = (await b.inject({ method: 'GET', url: `/v1/experiments/${id}?results=false` })).json();
        expect(mid.status).toBe('running');
        const e = await waitUntil(b, id, finished);
        expect(e.status).toBe('done');
        expect(e.progress).toMatchObject({ done: 24, failed: 0 });
        const resumed = (await b.inject({ method: 'GET', url: `/v1/experiments/${id}` })).json().results.rows;
        const ref = (await post(b, slow(24))).json().id;
        await waitUntil(b, ref, finished);
        const fresh = (await b.inject({ method: 'GET', url: `/v1/experiments/${ref}` })).json().results.rows;
        expect(resumed.map((r: any) => r.metrics)).toEqual(fresh.map((r: any) => r.metrics));
      } finally {
        await b.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('streams progress over a WebSocket and closes after the final status', async () => {
    const { app, ws } = shared;
    const id = (await post(app, slow(12))).json().id;
    const client = new StreamClient(`${ws}/v1/experiments/${id}/stream`);
    await client.opened();
    await client.until(() => client.events.some((e) => e.type === 'status'));
    expect(client.events[0]).toMatchObject({ type: 'hello', experiment: id });
    const progress = client.events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ total: 12 });
    expect(progress[0].row.params).toHaveProperty('cue.flip');
    expect(client.events.at(-1)).toMatchObject({ type: 'status', status: 'done', done: 12 });
    client.close();
  });

  it('belongs to its owner; a session run is not starved by a big sweep', async () => {
    const app = await build({ tokens: 'ann:student:token-ann-1234,bob:student:token-bob-1234' });
    const ann = { authorization: 'Bearer token-ann-1234' };
    const bob = { authorization: 'Bearer token-bob-1234' };
    const id = (await post(app, slow(300), ann)).json().id;
    expect((await app.inject({ method: 'GET', url: `/v1/experiments/${id}`, headers: bob })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/v1/experiments/${id}`, headers: bob })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/v1/experiments', headers: bob })).json().experiments).toHaveLength(0);
    expect((await app.inject({ method: 'GET', url: '/v1/experiments', headers: ann })).json().experiments).toHaveLength(1);
    // Bob's session run goes before Ann's waiting sweep tasks (interactive lane first).
    await waitUntil2(app, id, ann, (e) => e.progress.done >= 2);
    const sid = await createSession(app, { model: 'integrator', config: { size: 10 } }, bob);
    const t0 = Date.now();
    const run = await app.inject({ method: 'POST', url: `/v1/sessions/${sid}/runs`, payload: { steps: 100, wait: true }, headers: bob });
    expect(run.statusCode).toBe(200);
    const e = (await app.inject({ method: 'GET', url: `/v1/experiments/${id}?results=false`, headers: ann })).json();
    expect(e.status).toBe('running');
    expect(e.progress.done).toBeLessThan(100);
    expect(Date.now() - t0).toBeLessThan(5000);
    await app.inject({ method: 'DELETE', url: `/v1/experiments/${id}`, headers: ann });
  });
});

async function waitUntil2(app: FastifyInstance, id: string, headers: Record<string, string>, pred: (e: Record<string, any>) => boolean): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < 30_000) {
    const e = (await app.inject({ method: 'GET', url: `/v1/experiments/${id}?results=false`, headers })).json();
    if (pred(e)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out');
}
