import { describe, expect, it } from 'vitest';
import { build, createSession, runAndWait } from '../helper.js';

const app = await build();

describe('hopfield over HTTP', () => {
  it('the glyph preset completes a 20%-corrupted letter; the recording holds state, energy and overlaps', async () => {
    const id = await createSession(app, { model: 'hopfield', preset: 'glyph-completion', seed: 3 });
    const run = await runAndWait(app, id, { steps: 10 });
    expect(run.metrics).toMatchObject({ finalOverlap: 1, outcome: 'retrieved', spurious: false, converged: true });
    const rec = await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}/recording?format=json` });
    expect(rec.statusCode).toBe(200);
    const fields = rec.json().fields;
    expect(fields.state[0]).toHaveLength(140);
    expect(fields.overlaps[0]).toHaveLength(4);
    const e = (fields.energy as number[]).flat();
    for (let k = 1; k < e.length; k++) expect(e[k]!).toBeLessThanOrEqual(e[k - 1]! + 1e-9);
  });

  it('train stores new glyphs and reports recall; the next run recalls the first of them', async () => {
    const id = await createSession(app, { model: 'hopfield', preset: 'glyph-completion', seed: 3 });
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { patterns: { type: 'glyphs', chars: 'AHZ', scale: 2 }, recall: { flip: 0.15 } } });
    expect(res.statusCode).toBe(200);
    expect(res.json().metrics).toMatchObject({ patternsStored: 3, fixedPointFraction: 1, retrievedFraction: 1 });
    const run = await runAndWait(app, id, { steps: 10, record: ['overlaps'] });
    expect(run.metrics.finalOverlap).toBe(1);
  });

  it('above capacity the Hebbian net ends in a spurious state', async () => {
    const id = await createSession(app, { model: 'hopfield', config: { size: 400, patterns: { type: 'random', load: 0.3 } }, seed: 5 });
    const run = await runAndWait(app, id, { steps: 60, record: ['changed'] });
    expect(run.metrics.finalOverlap).toBeLessThan(0.6);
    expect(['spurious', 'not-converged']).toContain(run.metrics.outcome);
  });

  it('refuses an unknown glyph naming config.patterns.chars, and a cue of a missing pattern', async () => {
    const bad = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'hopfield', config: { patterns: { type: 'glyphs', chars: 'A?' } } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('config.patterns.chars');
    const cue = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'hopfield', config: { patterns: { type: 'glyphs', chars: 'AB' }, cue: { pattern: 5 } } } });
    expect(cue.statusCode).toBe(400);
    expect(cue.json().errors[0].path).toBe('config.cue.pattern');
  });
});

describe('hopfield run figures and the resolved config (#19 points 2 and 3)', () => {
  it('stepsToConverge counts the sweeps of this run: a second run from a fixed point reports 0, not the session step', async () => {
    const id = await createSession(app, { model: 'hopfield', preset: 'glyph-completion', seed: 3 });
    const first = await runAndWait(app, id, { steps: 50, record: ['changed'] });
    expect(first.metrics.converged).toBe(true);
    // The first sweep that changed nothing is sweep k + 1 when k sweeps changed units: stepsToConverge = k.
    const rec = await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${first.id}/recording?format=json` });
    const changed = (rec.json().fields.changed as number[]).flat();
    expect(first.metrics.stepsToConverge).toBe(changed.indexOf(0));
    expect(first.metrics.stepsToConverge).toBeGreaterThanOrEqual(1);
    const second = await runAndWait(app, id, { steps: 50, record: ['changed'] });
    expect(second.metrics).toMatchObject({ converged: true, stepsToConverge: 0 });
    // With recordEvery > 1 the figure is still exact: the same session recorded every 7th sweep only (recording
    // does not change the dynamics) reports the same count.
    const twin = await createSession(app, { model: 'hopfield', preset: 'glyph-completion', seed: 3 });
    const sparse = await runAndWait(app, twin, { steps: 49, record: ['changed'], recordEvery: 7 });
    expect(sparse.metrics).toMatchObject({ converged: true, stepsToConverge: first.metrics.stepsToConverge });
  });

  it('the resolved config of a network given a load reports the P = round(α·N) it stores', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'hopfield', config: { size: 400, patterns: { type: 'random', load: 0.3 } }, seed: 5 } });
    expect(res.statusCode).toBe(201);
    expect(res.json().config.patterns).toMatchObject({ type: 'random', load: 0.3, count: 120 });
    const id = res.json().id as string;
    const state = await app.inject({ method: 'GET', url: `/v1/sessions/${id}/state` });
    expect(state.json().fields.overlaps).toHaveLength(120);
    // Sending the resolved config back with another size rescales P from the load (count follows it).
    const patched = await app.inject({ method: 'PATCH', url: `/v1/sessions/${id}`, payload: { config: { ...res.json().config, size: 500 } } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().config.patterns.count).toBe(150);
  });
});
