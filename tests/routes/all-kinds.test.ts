/**
 * Every registered kind, through the API as a user would: its defaults and each of its presets make a session that
 * runs, streams its observed fields in /state, and records what it observes. New kinds are covered automatically.
 */
import { describe, expect, it } from 'vitest';
import { build } from '../helper.js';

const app = await build({ poolSize: 2 });
const models: any[] = (await app.inject({ method: 'GET', url: '/v1/models' })).json().models;

describe.each(models.map((m) => [m.kind, m] as const))('%s', (kind, m) => {
  it('runs from its defaults; state and recording hold its observed fields', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: kind, seed: 1 } });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const run = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 3, wait: true } });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().status, run.body).toBe('done');
    const state = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/state` })).json();
    expect(state.step).toBe(3);
    for (const field of Object.keys(m.fields)) {
      if (!(field in state.fields)) continue; // some fields are observed only on request (feature maps, potentials)
      const v = state.fields[field];
      expect(v === null || typeof v === 'number' || Array.isArray(v), `${kind}.${field}`).toBe(true);
    }
    if (m.activityField) expect(state.fields).toHaveProperty(m.activityField);
    const rec = await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.json().id}/recording` });
    expect(rec.statusCode).toBe(200);
    expect(rec.json().t).toHaveLength(3);
    expect((await app.inject({ method: 'DELETE', url: `/v1/sessions/${id}` })).statusCode).toBe(204);
  });

  it('every preset makes a valid session', async () => {
    for (const p of m.presets) {
      const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: kind, preset: p.name, seed: 2 } });
      expect(res.statusCode, `${kind}/${p.name}: ${res.body}`).toBe(201);
      await app.inject({ method: 'DELETE', url: `/v1/sessions/${res.json().id}` });
    }
  });

  it('a bad config value is a 400 naming the field', async () => {
    const first = Object.keys(m.configSchema.properties)[0];
    const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: kind, config: { [first]: { no: 'such value' }, lamda: 1 } } });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().code).toBe('RNN_ERR_VALIDATION');
    expect(res.json().errors.length).toBeGreaterThan(0);
    const paths = res.json().errors.map((e: any) => e.path);
    expect(paths).toContain('config.lamda'); // unknown fields are refused, not ignored
  });

  it('a value of the wrong type is a 400 naming that field', async () => {
    const [name, prop] = Object.entries<any>(m.configSchema.properties).find(([, p]) => p.type === 'number' || p.type === 'integer') ?? [];
    if (!name) return;
    const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: kind, config: { [name]: 'not a number' } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: any) => e.path)).toContain(`config.${name}`);
    void prop;
  });
});
