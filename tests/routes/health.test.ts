import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { build, createSession, runAndWait } from '../helper.js';

const app = await build();

describe('health, readiness, metrics, models', () => {
  it('/healthz and /readyz', async () => {
    const h = await app.inject({ method: 'GET', url: '/healthz' });
    expect(h.statusCode).toBe(200);
    expect(h.json()).toMatchObject({ status: 'ok', versions: { node: process.version } });
    // which numerical kernels run here (native x86 vectors or WebAssembly SIMD: the same results)
    expect(h.json().kernels).toMatch(/^(native-(avx2|avx512)|wasm)$/);
    const r = await app.inject({ method: 'GET', url: '/readyz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ready', checks: { database: true, pool: true, accepting: true } });
  });

  it('health, readiness and metrics polls are not logged at info; other requests are', async () => {
    const lines: { msg?: string; req?: { url?: string }; reqId?: string }[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(...String(chunk).trim().split('\n').map((l) => JSON.parse(l))), done()) });
    const logged = await buildApp({ ignoreEnv: true, logger: { level: 'info', stream }, settings: { dataDir: ':memory:', poolSize: 1, maxEventLoopDelayMs: 0 } });
    try {
      for (const url of ['/healthz', '/readyz', '/metrics']) expect((await logged.inject({ method: 'GET', url })).statusCode).toBe(200);
      expect(lines.filter((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toEqual([]);
      await logged.inject({ method: 'GET', url: '/v1/models/rate' });
      expect(lines.some((l) => l.msg === 'incoming request' && l.req?.url === '/v1/models/rate')).toBe(true);
    } finally {
      await logged.close();
    }
  });

  it('/metrics counts runs and steps in Prometheus text', async () => {
    const id = await createSession(app, { model: 'rate', preset: 'leaky-r0.9' });
    await runAndWait(app, id, { steps: 25 });
    const m = await app.inject({ method: 'GET', url: '/metrics' });
    expect(m.headers['content-type']).toMatch(/text\/plain/);
    expect(m.body).toMatch(/rnnlab_runs_total\{type="run",status="done"\} 1/);
    expect(m.body).toMatch(/rnnlab_steps_total\{kind="rate"\} 25/);
    for (const name of ['rnnlab_queue_depth', 'rnnlab_websocket_clients', 'rnnlab_frames_dropped_total', 'rnnlab_steps_per_second']) expect(m.body).toContain(name);
  });

  it('GET /v1/models lists every kind with schema, defaults and presets; unknown kind is a 404 problem', async () => {
    const all = (await app.inject({ method: 'GET', url: '/v1/models' })).json().models;
    expect(all.map((m: any) => m.kind)).toContain('rate');
    for (const m of all) {
      expect(m.configSchema.type).toBe('object');
      expect(m.summary.length).toBeGreaterThan(20);
      expect(m.equations.length).toBeGreaterThan(0);
      expect(m.references.length).toBeGreaterThan(0);
      // every config field has a description and a default
      for (const [name, prop] of Object.entries<any>(m.configSchema.properties ?? {})) {
        expect(prop.description, `${m.kind}.${name} description`).toBeTruthy();
        // optional overrides (e.g. per-unit values that replace a scalar) may have no default
        if (!/overrides|optional/i.test(prop.description)) expect(m.defaults[name], `${m.kind}.${name} default`).not.toBeUndefined();
      }
    }
    const rate = (await app.inject({ method: 'GET', url: '/v1/models/rate' })).json();
    expect(rate.defaults).toMatchObject({ size: 100, nonlinearity: 'tanh' });
    expect(rate.liveSchema.properties).toHaveProperty('r');
    expect(rate.liveSchema.properties).toHaveProperty('inputGain');
    const missing = await app.inject({ method: 'GET', url: '/v1/models/none' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('RNN_ERR_UNKNOWN_MODEL');
  });

  it('interactive docs at /docs and OpenAPI 3.1 at /openapi.json', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/sessions', '/v1/sessions/{id}/runs', '/v1/models/{kind}']));
    const ui = await app.inject({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });
});
