/**
 * Config and train schemas never throw on bad input: every field of a valid config or request, replaced by a wrong
 * value (empty string or array, a character outside the font, null, a huge number…), gives a zod failure or a
 * success, never an exception (a refinement reading `values[0]` of an empty array was a 500 on the server).
 */
import { describe, expect, it } from 'vitest';
import { listModels } from '../../src/models/index.js';

const badValues: unknown[] = ['', '💥', '<script>', '\u0000', [], [[]], [''], {}, null, -1, 0, 1e308, 0.5, true];

/** Every path to a leaf or container of a plain JSON value, up to `depth`. */
function paths(v: unknown, depth = 4, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (depth === 0 || v === null || typeof v !== 'object') return out;
  const entries: [string | number, unknown][] = Array.isArray(v) ? v.slice(0, 2).map((x, i) => [i, x]) : Object.entries(v);
  for (const [k, x] of entries) {
    out.push([...prefix, k]);
    out.push(...paths(x, depth - 1, [...prefix, k]));
  }
  return out;
}

function replaced(base: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path.at(-1)!] = value;
  return copy;
}

/** Valid starting points beyond the defaults and presets, so that every union variant is mutated. */
const configSeeds: Record<string, unknown[]> = {
  hopfield: [{ patterns: { type: 'glyphs', chars: 'TLXO', scale: 2 } }, { size: 4, patterns: { type: 'explicit', values: [[1, -1, 1, -1]] } }],
  force: [{ size: 20, target: { type: 'sequence', period: 20, values: [[0], [1], [0]] } }],
  convrnn: [{ classes: 4, task: { type: 'glyphs', chars: 'ABCD' } }],
  boltzmann: [{ visible: 2, data: { type: 'explicit', patterns: [[0, 1]] } }],
};

const trainSeeds: Record<string, unknown[]> = {
  hopfield: [{}, { patterns: { type: 'glyphs', chars: 'AB', scale: 1 } }, { patterns: { type: 'explicit', values: [[1, -1]] } }],
  boltzmann: [{}, { mode: 'sample' }, { data: { type: 'explicit', patterns: [[0, 1]] } }],
  esn: [{ task: 'mackey-glass' }, { task: 'series', targets: [[0], [1], [0]], inputs: [[1], [0], [1]] }, { task: 'memory' }, { task: 'reverse' }],
  lsm: [{}, { task: 'trials', trials: [{ times: [[1]], target: [0] }, { times: [[2]], target: [1] }] }],
  force: [{}, { trainTime: 10 }],
  convrnn: [{}, { data: { images: [[0, 1], [1, 0]], labels: [0, 1] } }],
  strf: [{}, { method: 'sta' }],
  tdnn: [{ task: 'forwardReversed' }, { task: 'sequence', inputs: [[0], [1]], targets: [[1], [0]] }],
};

describe('schemas refuse bad values without throwing', () => {
  for (const model of listModels()) {
    it(`${model.meta.kind}: config`, () => {
      const seeds = [{}, ...model.presets.map((p) => p.config), ...(configSeeds[model.meta.kind] ?? [])];
      for (const seed of seeds) {
        const base = model.configSchema.parse(seed);
        for (const path of paths(base)) {
          for (const bad of badValues) {
            const input = replaced(base, path, bad);
            expect(() => model.configSchema.safeParse(input), `config.${path.join('.')} = ${JSON.stringify(bad)}`).not.toThrow();
          }
        }
      }
    });
    if (!model.train) continue;
    it(`${model.meta.kind}: train request`, () => {
      for (const seed of trainSeeds[model.meta.kind] ?? [{}]) {
        const base = model.train!.schema.parse(seed);
        for (const path of paths(base)) {
          for (const bad of badValues) {
            const input = replaced(base, path, bad);
            expect(() => model.train!.schema.safeParse(input), `${path.join('.')} = ${JSON.stringify(bad)}`).not.toThrow();
          }
        }
      }
    });
  }
});
