/**
 * Every kind's build cost estimate (`cost(config).stateBytes`) against the state a real build produces: the bytes of
 * every typed array the state holds (each array built on its own buffer, so views are counted once). Deterministic
 * kinds within 2 %; kinds whose connections are drawn at random within a few standard deviations of the expectation:
 * the ESN's sparse W (10 %: ~1,000 non-zeros at the default size), the liquid's synapses (15 %).
 * The memory WP limits sessions by this estimate, before anything is built.
 */
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/engine/simulator.js';
import { plainAlloc } from '../../src/engine/alloc.js';
import { listModels } from '../../src/models/index.js';

/** Bytes of the distinct buffers of every typed array reachable from `state`. */
function stateBytes(state: unknown): number {
  const seen = new Set<ArrayBufferLike>();
  let total = 0;
  const walk = (v: unknown) => {
    if (ArrayBuffer.isView(v)) {
      if (!seen.has(v.buffer)) {
        seen.add(v.buffer);
        total += v.buffer.byteLength;
      }
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(state);
  return total;
}

const extra: Record<string, Record<string, unknown>[]> = {
  rate: [{ size: 300, inputs: 3 }, { size: 200, precision: 'float32', inputs: 2 }, { size: 50, recurrent: { type: 'none' } }],
  wta: [{ size: 80, variant: 'soft' }, { size: 40, variant: 'inhibitory', inhibitoryUnits: 5 }],
  integrator: [{ size: 200 }, { form: 'discrete', size: 100, coupling: 0.5 }],
  lsm: [{ grid: [6, 6, 6] }, { grid: [10, 10, 5], input: { type: 'templates' } }, { grid: [8, 8, 8], lambda: 3 }],
  force: [{ size: 300 }, { size: 200, variant: 'internal' }, { size: 100, density: 0.8, target: { type: 'walk' } }],
  hopfield: [{ size: 300, patterns: { type: 'random', count: 40 } }, { patterns: { type: 'glyphs', chars: 'ABC', scale: 3 } }, { size: 200, rule: 'pseudo-inverse' }],
  boltzmann: [{ visible: 30, hidden: 50, weights: { type: 'zeros' } }],
  esn: [{ size: 300, density: 0.05, inputs: 3, outputs: 2 }, { size: 150, precision: 'float32' }, { size: 100, feedbackScaling: 1, readoutInput: false }],
  convrnn: [{ imageSize: 24, layers: [{ channels: 6, cell: 'lstm' }, { channels: 4, cell: 'vanilla', pool: 'avg' }] }],
  strf: [{ units: 16, lags: 30, channels: 40 }],
  tdnn: [{ hidden: 50, window: 6, channels: 8 }, { hidden: 0, stimulus: { type: 'tone', durationMs: 500 } }],
};

describe('state bytes estimated before a build match the built state', () => {
  for (const model of listModels()) {
    it(model.meta.kind, () => {
      expect(model.cost, `${model.meta.kind} has no cost()`).toBeDefined();
      const configs = [{}, ...model.presets.map((p) => p.config), ...(extra[model.meta.kind] ?? [])];
      const tolerance = model.meta.kind === 'lsm' ? 0.15 : model.meta.kind === 'esn' ? 0.1 : 0.02;
      for (const raw of configs) {
        const config = model.configSchema.parse(raw);
        const estimate = model.cost!(config);
        const built = stateBytes(createRuntime(model, config, 7, plainAlloc).state);
        const what = `${model.meta.kind} ${JSON.stringify(raw)}: estimated ${estimate.stateBytes}, built ${built}`;
        expect(Math.abs(estimate.stateBytes - built) / built, what).toBeLessThanOrEqual(tolerance);
        expect(estimate.buildFlops, what).toBeGreaterThan(0);
        expect(estimate.drivers.length, what).toBeGreaterThan(0);
      }
    });
  }
});
