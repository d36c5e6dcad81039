import { describe, expect, it } from 'vitest';
import { build, createSession } from '../helper.js';

const app = await build({ maxUnits: 500, maxSessions: 50, bodyLimit: 64 * 1024 });

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): any }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.status).toBe(status);
  expect(body.code).toBe(code);
  expect(typeof body.detail).toBe('string');
  return body;
}

describe('sessions', () => {
  it('creates with defaults filled and a drawn seed reported', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'rate' } });
    expect(res.statusCode).toBe(201);
    const s = res.json();
    expect(res.headers.location).toBe(`/v1/sessions/${s.id}`);
    expect(s.model).toBe('rate');
    expect(Number.isInteger(s.seed)).toBe(true);
    expect(s.config).toMatchObject({ size: 100, inputs: 1, time: 'continuous', nonlinearity: 'tanh', tau: 10, dt: 1 });
    expect(s.step).toBe(0);
  });

  it('uses the given seed, a preset, and config overrides on a preset', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'rate', preset: 'leaky-r0.9', config: { r: 0.5 }, seed: 42, name: 'leak' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ seed: 42, name: 'leak', config: { size: 1, time: 'discrete', r: 0.5, nonlinearity: 'linear' } });
  });

  it('404 problem for an unknown kind, listing the known ones', async () => {
    const body = expectProblem(await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'nope' } }), 404, 'RNN_ERR_UNKNOWN_MODEL');
    expect(body.detail).toMatch(/rate/);
  });

  it('400 naming the field for a bad config value and for a misshapen explicit matrix', async () => {
    let body = expectProblem(await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'rate', config: { tau: -1 } } }), 400, 'RNN_ERR_VALIDATION');
    expect(body.errors[0].path).toBe('config.tau');
    body = expectProblem(
      await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'rate', config: { size: 2, recurrent: { type: 'explicit', matrix: [[0, 1], [1]] } } } }),
      400,
      'RNN_ERR_VALIDATION',
    );
    expect(body.errors.map((e: any) => e.path)).toContain('config.recurrent.matrix.1');
    body = expectProblem(await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'rate', preset: 'none-such' } }), 400, 'RNN_ERR_VALIDATION');
    expect(body.errors[0].path).toBe('preset');
    body = expectProblem(await app.inject({ method: 'POST', url: '/v1/sessions', payload: { config: {} } }), 400, 'RNN_ERR_VALIDATION');
    expect(body.errors[0].path).toBe('body.model');
  });

  it('422 over the unit limit, 413 over the body limit, 400 for malformed JSON', async () => {
    const body = expectProblem(await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'rate', config: { size: 501 } } }), 422, 'RNN_ERR_LIMIT');
    expect(body.errors[0].path).toBe('config.size');
    const big = JSON.stringify({ model: 'rate', name: 'x'.repeat(100), config: { initialState: { type: 'explicit', values: new Array(20000).fill(0.123456) } } });
    expectProblem(await app.inject({ method: 'POST', url: '/v1/sessions', payload: big, headers: { 'content-type': 'application/json' } }), 413, 'RNN_ERR_BODY_TOO_LARGE');
    expectProblem(await app.inject({ method: 'POST', url: '/v1/sessions', payload: '{"model": "rate",', headers: { 'content-type': 'application/json' } }), 400, 'RNN_ERR_BAD_REQUEST');
  });

  it('no malformed input gives a 5xx', async () => {
    const payloads: unknown[] = [null, [], 'x', 42, { model: 7 }, { model: 'rate', config: [] }, { model: 'rate', config: { size: 'big' } }, { model: 'rate', seed: -1 }, { model: 'rate', seed: 1.5 },
      { model: 'rate', config: { recurrent: { type: 'weird' } } }, { model: 'rate', config: { initialState: { type: 'explicit', values: [1, 2] } } }, { model: 'rate', config: { size: 1e12 } }];
    for (const p of payloads) {
      const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: JSON.stringify(p), headers: { 'content-type': 'application/json' } });
      expect(res.statusCode, JSON.stringify(p)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, JSON.stringify(p)).toBeLessThan(500);
    }
  });

  it('get, list, patch (name, live, config), reset, state and delete', async () => {
    const id = await createSession(app, { model: 'rate', preset: 'leaky-r0.9', seed: 1 });
    expect((await app.inject({ method: 'GET', url: `/v1/sessions/${id}` })).json().id).toBe(id);
    expect((await app.inject({ method: 'GET', url: '/v1/sessions' })).json().sessions.some((s: any) => s.id === id)).toBe(true);

    let res = await app.inject({ method: 'PATCH', url: `/v1/sessions/${id}`, payload: { name: 'renamed', live: { r: 0.7 } } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'renamed', live: { r: 0.7 } });
    res = await app.inject({ method: 'PATCH', url: `/v1/sessions/${id}`, payload: { live: { r: 'fast' } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('live.r');
    res = await app.inject({ method: 'PATCH', url: `/v1/sessions/${id}`, payload: { live: { bogus: 1 } } });
    expect(res.statusCode).toBe(400);

    res = await app.inject({ method: 'PATCH', url: `/v1/sessions/${id}`, payload: { config: { size: 3, inputs: 0 } } });
    expect(res.statusCode).toBe(200);
    expect(res.json().config.size).toBe(3);

    const state = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/state` })).json();
    expect(state.step).toBe(0);
    expect(state.fields.activity).toHaveLength(3);

    await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 5, wait: true } });
    expect((await app.inject({ method: 'GET', url: `/v1/sessions/${id}/state` })).json().step).toBe(5);
    res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/reset` });
    expect(res.json().step).toBe(0);
    expect((await app.inject({ method: 'GET', url: `/v1/sessions/${id}/state` })).json().fields.activity).toEqual(state.fields.activity);

    expect((await app.inject({ method: 'DELETE', url: `/v1/sessions/${id}` })).statusCode).toBe(204);
    expectProblem(await app.inject({ method: 'GET', url: `/v1/sessions/${id}` }), 404, 'RNN_ERR_NOT_FOUND');
    expectProblem(await app.inject({ method: 'GET', url: `/v1/sessions/${id}/state` }), 404, 'RNN_ERR_NOT_FOUND');
  });

  it('404 problem for unknown routes and ids', async () => {
    expectProblem(await app.inject({ method: 'GET', url: '/v1/nothing' }), 404, 'RNN_ERR_ROUTE_NOT_FOUND');
    expectProblem(await app.inject({ method: 'DELETE', url: '/v1/sessions/abc' }), 404, 'RNN_ERR_NOT_FOUND');
    expectProblem(await app.inject({ method: 'POST', url: '/v1/sessions/abc/reset' }), 404, 'RNN_ERR_NOT_FOUND');
  });
});

describe('session limit', async () => {
  const small = await build({ maxSessions: 2, poolSize: 1 });
  it('422 once the store holds MAX_SESSIONS sessions', async () => {
    await createSession(small, { model: 'rate', config: { size: 2 } });
    await createSession(small, { model: 'rate', config: { size: 2 } });
    const res = await small.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'rate' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('RNN_ERR_LIMIT');
  });
});

describe('memory of deleted sessions', async () => {
  const { heapTop } = await import('../../src/engine/wasm/heap.js');
  const mem = await build({ poolSize: 1 });
  it('a deleted or reset session gives its state back: creating again reuses it instead of growing the heap', async () => {
    const body = { model: 'rate', config: { size: 600, inputs: 1 }, seed: 1 }; // M alone is 2.9 MB
    const first = await createSession(mem, body);
    await mem.inject({ method: 'POST', url: `/v1/sessions/${first}/reset` });
    await mem.inject({ method: 'DELETE', url: `/v1/sessions/${first}` });
    await createSession(mem, body); // warm: every block size now has a freed twin
    const top = heapTop();
    for (let i = 0; i < 5; i++) {
      const id = await createSession(mem, body);
      expect((await mem.inject({ method: 'DELETE', url: `/v1/sessions/${id}` })).statusCode).toBe(204);
    }
    expect(heapTop()).toBe(top);
  });
});
