import { describe, expect, it } from 'vitest';
import { build, createSession, runAndWait } from '../helper.js';

const app = await build();

describe('boltzmann over HTTP', () => {
  it('trains an RBM on 3×3 bars-and-stripes (exact log-likelihood curve), then draws mostly valid samples', async () => {
    const id = await createSession(app, { model: 'boltzmann', preset: 'bars-and-stripes-rbm', seed: 5 });
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { epochs: 400 } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.curves.logLikelihood).toHaveLength(400);
    expect(body.metrics.finalLogLikelihood).toBeGreaterThan(body.metrics.initialLogLikelihood + 1.5);
    expect(body.metrics.validSampleFraction).toBeGreaterThan(0.6);
    const s = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { mode: 'sample', samples: 100 } });
    expect(s.json().metrics.samples).toHaveLength(900);
    expect(s.json().metrics.validSampleFraction).toBeGreaterThan(0.6);
    // The trained weights persist in the session: a plain run samples valid patterns too.
    const run = await runAndWait(app, id, { steps: 300, record: ['visible'] });
    expect(run.metrics.validSampleFraction).toBeGreaterThan(0.5);
    expect(run.metrics.exactLogLikelihood).toBeCloseTo(body.metrics.finalLogLikelihood, 10);
  });

  it('T is live: PATCH temperature 0 freezes the machine in a Hopfield fixed point', async () => {
    const id = await createSession(app, { model: 'boltzmann', config: { visible: 30, units: 'pm1', weights: { type: 'random', sd: 0.3 } }, seed: 2 });
    await runAndWait(app, id, { steps: 20 });
    const patch = await app.inject({ method: 'PATCH', url: `/v1/sessions/${id}`, payload: { live: { temperature: 0 } } });
    expect(patch.statusCode).toBeLessThan(300);
    const run = await runAndWait(app, id, { steps: 40, record: ['temperature', 'changed'] });
    const rec = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}/recording?format=json` })).json();
    expect((rec.fields.temperature as number[]).flat().every((t) => t === 0)).toBe(true);
    expect((rec.fields.changed as number[]).flat().at(-1)).toBe(0);
  });

  it('the Gibbs preset reports its distance to the exact distribution; the model page lists the train schema', async () => {
    const id = await createSession(app, { model: 'boltzmann', preset: 'gibbs-10-units', seed: 5 });
    const run = await runAndWait(app, id, { steps: 20_000, record: ['state'] });
    expect(run.metrics.gibbsTotalVariation).toBeLessThan((1.5 * 9.5) / Math.sqrt(20_000));
    const page = await app.inject({ method: 'GET', url: '/v1/models/boltzmann' });
    expect(page.statusCode).toBe(200);
    expect(JSON.stringify(page.json().trainSchema)).toContain('negativePhase');
  });
});

/**
 * E|X − n·p| of X ~ Binomial(n, p), summed over the pmf (built outward from the mode by the ratio
 * pmf(k+1)/pmf(k) = (n − k)/(k + 1) · p/(1 − p), then normalised): the exact mean absolute deviation.
 */
function binomialMeanAbsDev(n: number, p: number): number {
  const mode = Math.floor((n + 1) * p);
  const r = p / (1 - p);
  let up = 1;
  let total = 1;
  let mad = Math.abs(mode - n * p);
  for (let k = mode; k < n && up > 1e-18; k++) {
    up *= ((n - k) / (k + 1)) * r;
    total += up;
    mad += up * Math.abs(k + 1 - n * p);
  }
  let down = 1;
  for (let k = mode; k > 0 && down > 1e-18; k--) {
    down *= (k / (n - k + 1)) / r;
    total += down;
    mad += down * Math.abs(k - 1 - n * p);
  }
  return mad / total;
}

/** Expected total-variation distance of the empirical distribution of S i.i.d. draws from p: ½ Σ_x E|p̂_x − p_x|. */
const iidTotalVariation = (p: Float64Array, samples: number): number => p.reduce((a, px) => a + binomialMeanAbsDev(samples, px), 0) / (2 * samples);

/** P(s) ∝ exp(−E(s)/T), E = −½ sᵀWs − bᵀs over the 2^n states of 0/1 units (state index bit i = unit i), enumerated here. */
function boltzmannDistribution(w: number[][], b: number[], temperature: number): Float64Array {
  const n = b.length;
  const p = new Float64Array(2 ** n);
  for (let x = 0; x < p.length; x++) {
    let e = 0;
    for (let i = 0; i < n; i++) {
      if (!((x >> i) & 1)) continue;
      e -= b[i]!;
      for (let j = i + 1; j < n; j++) if ((x >> j) & 1) e -= w[i]![j]!;
    }
    p[x] = Math.exp(-e / temperature);
  }
  const z = p.reduce((a, v) => a + v, 0);
  return p.map((v) => v / z);
}

function histogram(rows: number[][], n: number): Float64Array {
  const h = new Float64Array(2 ** n);
  for (const r of rows) {
    let x = 0;
    for (let i = 0; i < n; i++) if (r[i]! > 0) x |= 1 << i;
    h[x]! += 1 / rows.length;
  }
  return h;
}

const totalVariation = (p: Float64Array, q: Float64Array) => 0.5 * p.reduce((a, v, i) => a + Math.abs(v - q[i]!), 0);

describe('a sampling-only Boltzmann machine (#19 point 4): no data needed, samples at the exact distribution', () => {
  it('is created without data; a zero-coupling machine samples the uniform distribution at the binomial TV level', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'boltzmann', config: { visible: 10, weights: { type: 'zeros' } }, seed: 7 } });
    expect(res.statusCode).toBe(201);
    expect(res.json().config.data).toBeUndefined();
    const id = res.json().id as string;
    const steps = 20_000;
    const run = await runAndWait(app, id, { steps, record: ['state'] });
    const rec = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}/recording?format=json` })).json();
    const states = rec.fields.state as number[][];
    expect(states).toHaveLength(steps);
    // Zero couplings: every sweep redraws every unit with p(on) = ½ independently, so the recorded states are i.i.d.
    // uniform and the expected TV distance is exactly ½ Σ_x E|p̂_x − 2⁻¹⁰| (binomial; ≈ 0.088 for 20,000 samples).
    const uniform = new Float64Array(1024).fill(1 / 1024);
    const tv = totalVariation(histogram(states, 10), uniform);
    const expected = iidTotalVariation(uniform, steps);
    expect(expected).toBeGreaterThan(0.08);
    expect(Math.abs(tv - expected) / expected, `TV ${tv} vs ${expected}`).toBeLessThan(0.1);
    expect(run.metrics.gibbsTotalVariation).toBeCloseTo(tv, 12);
    expect(run.metrics.validSampleFraction).toBeNull();
    expect(run.metrics.exactLogLikelihood).toBeNull();
  });

  it('explicit couplings at T = 1.3: the sample mode draws from exp(−E/T)/Z within the i.i.d. level of its sample count', async () => {
    // A 10-unit machine with N(0, 1) couplings and biases of our own draw (a small LCG), enumerated above.
    let seed = 12345;
    const normal = () => {
      const u = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) + 0.5) / 2 ** 31;
      return Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    };
    const n = 10;
    const w = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) w[i]![j] = w[j]![i] = normal();
    const b = Array.from({ length: n }, () => 0.5 * normal());
    const T = 1.3;
    const id = await createSession(app, { model: 'boltzmann', config: { visible: n, temperature: T, weights: { type: 'explicit', matrix: w, biases: b } }, seed: 3 });
    const samples = 20_000;
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { mode: 'sample', samples, chains: 50, burnIn: 200, thin: 10, temperature: T } });
    expect(res.statusCode).toBe(200);
    const m = res.json().metrics;
    expect(m.sampleCount).toBe(samples);
    expect(m.validSampleFraction).toBeNull();
    const flat = m.samples as number[];
    const rows = Array.from({ length: samples }, (_, k) => flat.slice(k * n, (k + 1) * n));
    const exact = boltzmannDistribution(w, b, T);
    const tv = totalVariation(histogram(rows, n), exact);
    // Thinned chains are nearly independent: the distance must sit at the i.i.d. level (a sampler of the wrong
    // distribution — 0/1 vs ±1 formula, a pair counted twice, dropped biases — lands at 0.2–0.5).
    const expected = iidTotalVariation(exact, samples);
    expect(tv, `TV ${tv} vs i.i.d. ${expected}`).toBeLessThan(1.3 * expected);
    expect(tv).toBeGreaterThan(0.7 * expected);
  });

  it('learning still needs data: without any the training fails naming the field', async () => {
    const id = await createSession(app, { model: 'boltzmann', config: { visible: 9 } });
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/train?wait=true`, payload: { mode: 'learn', epochs: 1 } });
    expect(JSON.stringify(res.json())).toMatch(/data/);
    expect(res.json().status ?? res.statusCode).not.toBe('done');
  });
});
