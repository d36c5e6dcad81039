/**
 * A run cut into slices — of any lengths, with the run moved to a copy of its runtime (as another thread would
 * hold it) between any two — gives the same bytes as the same run in one advance: recording, metrics, frames,
 * final state, RNG state, step and time. Checked for every kind with fast-check over the slice boundaries, with
 * live changes landing at slice boundaries (applied at the same step in the one-advance reference).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listModels } from '../../src/models/index.js';
import type { ModelDefinition, Recording } from '../../src/models/contract.js';
import { createRuntime, runSimulation, type Frame, type Runtime } from '../../src/engine/simulator.js';
import { RunCursor, planRecording, RunSpecError, type RunSpec } from '../../src/engine/run-cursor.js';
import { releaseState } from '../../src/engine/wasm/heap.js';

/** A small configuration of every kind (a few ms per run). */
const small: Record<string, Record<string, unknown>> = {
  rate: { size: 30, inputs: 2, recurrent: { type: 'random', gain: 1.3, density: 0.5 }, noise: 0.05 },
  wta: {},
  integrator: {},
  lsm: {},
  force: { size: 60 },
  hopfield: { patterns: { type: 'glyphs', chars: 'TLX', scale: 1 }, cue: { pattern: 1, flip: 0.2, mask: 0 } },
  convrnn: { imageSize: 8, layers: [{ channels: 2 }], timeSteps: 6 },
  strf: {},
  tdnn: { hidden: 20 },
  boltzmann: {},
  esn: { size: 40 },
};
const STEPS = 24;
const SEED = 1234;

function bytes(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function expectSameRecording(a: Recording, b: Recording): void {
  expect(bytes(a.t).equals(bytes(b.t))).toBe(true);
  expect(bytes(a.step).equals(bytes(b.step))).toBe(true);
  expect(Object.keys(a.fields)).toEqual(Object.keys(b.fields));
  for (const [name, f] of Object.entries(a.fields)) {
    expect(f.width, name).toBe(b.fields[name]!.width);
    expect(bytes(f.data).equals(bytes(b.fields[name]!.data)), name).toBe(true);
  }
}

/** Every typed array of a state, by path, and the rest of it as JSON (scalars, flags, shapes). */
function stateParts(state: unknown): { arrays: Map<string, Buffer>; rest: string } {
  const arrays = new Map<string, Buffer>();
  const walk = (v: unknown, path: string): unknown => {
    if (ArrayBuffer.isView(v)) {
      arrays.set(path, Buffer.from(bytes(v)));
      return '<array>';
    }
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = Array.isArray(v) ? [] as unknown as Record<string, unknown> : {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, `${path}.${k}`);
      return out;
    }
    return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
  };
  const rest = JSON.stringify(walk(state, ''));
  return { arrays, rest };
}

function expectSameRuntime(a: Runtime, b: Runtime): void {
  expect(b.step).toBe(a.step);
  expect(Object.is(b.t, a.t)).toBe(true);
  expect(b.rngState).toEqual(a.rngState);
  expect(b.live).toEqual(a.live);
  const pa = stateParts(a.state);
  const pb = stateParts(b.state);
  expect(pb.rest).toBe(pa.rest);
  expect([...pb.arrays.keys()]).toEqual([...pa.arrays.keys()]);
  for (const [k, buf] of pa.arrays) expect(pb.arrays.get(k)!.equals(buf), k).toBe(true);
}

function specFor(model: ModelDefinition, config: unknown, recordEvery: number, frameEvery: number): RunSpec {
  const k = model.inputSize(config);
  const record = [...(model.defaultRecord ?? (model.meta.activityField ? [model.meta.activityField] : [])), ...(k > 0 ? ['input'] : [])];
  return {
    steps: STEPS,
    inputs: k > 0 ? [{ type: 'noise', channel: 'all', mean: 0, sd: 0.3 }, { type: 'sine', channel: 0, amplitude: 1, frequency: 40, phase: 0, offset: 0 }] : [],
    ...(record.length > 0 ? { record } : {}),
    recordEvery,
    frameEvery,
  };
}

interface Change {
  atStep: number;
  gain: number;
}

/** The reference: one advance, live changes applied before the given steps. */
function reference(model: ModelDefinition, config: unknown, spec: RunSpec, changes: Change[]) {
  const rt = createRuntime(model, config, SEED);
  const frames: Frame[] = [];
  const outcome = runSimulation(model, config, rt, spec, {
    beforeStep(i) {
      for (const c of changes) if (c.atStep === i) rt.live = { ...rt.live, inputGain: c.gain };
      return true;
    },
    onFrame: (f) => frames.push(f),
  });
  return { rt, frames, outcome };
}

/** The same run in slices of the given lengths, moved to a structured clone of its runtime where `moves` says. */
function sliced(model: ModelDefinition, config: unknown, spec: RunSpec, lengths: number[], moves: boolean[], changes: Change[]) {
  const created = createRuntime(model, config, SEED);
  let rt = created;
  const frames: Frame[] = [];
  let cursor = RunCursor.open(model, config, rt, spec);
  let s = 0;
  while (!cursor.finished) {
    if (moves[s % moves.length]) {
      // What another thread sees: a copy of the runtime (arrays still in the shared memory) and of the snapshot.
      const { runtime, snapshot } = structuredClone({ runtime: rt, snapshot: cursor.snapshot() });
      rt = runtime;
      cursor = RunCursor.resume(model, config, rt, spec, snapshot);
    }
    const n = lengths[s % lengths.length]!;
    // live changes take effect at the next step the run takes: a slice ends where one is due
    const next = changes.map((c) => c.atStep).filter((a) => a > cursor.stepsDone).sort((a, b) => a - b)[0];
    const maxSteps = next !== undefined ? Math.min(n, next - cursor.stepsDone) : n;
    for (const c of changes) if (c.atStep === cursor.stepsDone) rt.live = { ...rt.live, inputGain: c.gain };
    cursor.advance({ maxSteps }, { onFrame: (f) => frames.push(f) });
    s++;
  }
  return { rt, created, frames, result: cursor.finish() };
}

describe('the run cursor', () => {
  const kinds = listModels().map((m) => m.meta.kind);
  it('has a small configuration for every kind', () => {
    expect(Object.keys(small).sort()).toEqual([...kinds].sort());
  });

  for (const model of listModels()) {
    const kind = model.meta.kind;
    it(`${kind}: any slicing, moved between copies of the runtime or not, gives the same bytes as one advance`, () => {
      const config = model.configSchema.parse(small[kind]);
      const hasInputs = model.inputSize(config) > 0;
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 1, max: STEPS }), { minLength: 1, maxLength: 8 }),
          fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
          fc.integer({ min: 1, max: 3 }),
          fc.integer({ min: 1, max: 5 }),
          fc.array(fc.record({ atStep: fc.integer({ min: 1, max: STEPS - 1 }), gain: fc.double({ min: 0, max: 2, noNaN: true }) }), { maxLength: hasInputs ? 3 : 0 }),
          (lengths, moves, recordEvery, frameEvery, changes) => {
            const spec = specFor(model, config, recordEvery, frameEvery);
            const ref = reference(model, config, spec, changes);
            const cut = sliced(model, config, spec, lengths, moves, changes);
            try {
              expect(cut.result.recording.t.length).toBe(Math.floor(STEPS / recordEvery));
              expectSameRecording(ref.outcome.recording, cut.result.recording);
              expect(cut.result.metrics).toEqual(ref.outcome.metrics);
              expectSameRuntime(ref.rt, cut.rt);
              expect(cut.frames.map((f) => f.step)).toEqual(ref.frames.map((f) => f.step));
              expect(cut.frames).toEqual(ref.frames);
            } finally {
              releaseState(ref.rt.state);
              releaseState(cut.created.state);
            }
          },
        ),
        { numRuns: 12, seed: 20261204 },
      );
    });
  }

  it('a slice boundary at every step, moving every time, changes nothing (every kind)', () => {
    for (const model of listModels()) {
      const config = model.configSchema.parse(small[model.meta.kind]);
      const spec = specFor(model, config, 1, 1);
      const ref = reference(model, config, spec, []);
      const cut = sliced(model, config, spec, [1], [true], []);
      expectSameRecording(ref.outcome.recording, cut.result.recording);
      expectSameRuntime(ref.rt, cut.rt);
      releaseState(ref.rt.state);
      releaseState(cut.created.state);
    }
  });

  it('untilFrame ends a slice on the next frame; shouldYield ends it after the current step', () => {
    const model = listModels().find((m) => m.meta.kind === 'rate')!;
    const config = model.configSchema.parse(small.rate);
    const rt = createRuntime(model, config, SEED);
    const cursor = RunCursor.open(model, config, rt, { steps: 10, frameEvery: 4 });
    const frames: number[] = [];
    const onFrame = (f: Frame) => frames.push(f.step);
    expect(cursor.advance({ untilFrame: true }, { onFrame })).toEqual({ steps: 4, frames: 1, finished: false });
    expect(cursor.advance({ untilFrame: true }, { onFrame })).toEqual({ steps: 4, frames: 1, finished: false });
    let asked = 0;
    expect(cursor.advance({ shouldYield: () => ++asked >= 1 }, { onFrame })).toEqual({ steps: 1, frames: 0, finished: false });
    // the last step always makes a frame
    expect(cursor.advance({ untilFrame: true }, { onFrame })).toEqual({ steps: 1, frames: 1, finished: true });
    expect(frames).toEqual([4, 8, 10]);
    expect(rt.step).toBe(10);
    releaseState(rt.state);
  });

  it('records into chunks allocated as the run goes, never all at once', () => {
    const model = listModels().find((m) => m.meta.kind === 'rate')!;
    const config = model.configSchema.parse({ size: 2000, inputs: 0, recurrent: { type: 'none' } });
    const rt = createRuntime(model, config, SEED);
    const cursor = RunCursor.open(model, config, rt, { steps: 5000, record: ['activity'] });
    expect(cursor.snapshot().columns.chunks).toHaveLength(0);
    cursor.advance({ maxSteps: 10 });
    const snap = cursor.snapshot().columns;
    expect(snap.chunks).toHaveLength(1);
    // one chunk is at most 4 MiB: 262 samples of 2,003 numbers, not the 80 MB of all 5,000 samples
    expect(snap.chunks[0]!.byteLength).toBeLessThanOrEqual(4 << 20);
    expect(snap.layout.samplesPerChunk).toBe(Math.floor((4 << 20) / (2003 * 8)));
    cursor.advance({ maxSteps: 300 });
    expect(cursor.snapshot().columns.chunks).toHaveLength(2);
    expect(cursor.finish().recording.fields.activity!.data.length).toBe(310 * 2000);
    releaseState(rt.state);
  });

  it('hands the model its step within the run and the run options, across slices; the recording knows its start step', () => {
    // A probe kind: its state keeps what the engine handed to step.
    const probe = {
      meta: { kind: 'probe', title: 'probe', summary: '', equations: [], references: [], timeUnit: 'step', fields: { runStep: '', option: '' } },
      configSchema: { parse: (c: unknown) => c },
      liveSchema: { parse: (l: unknown) => l },
      initialLive: () => ({}),
      presets: [],
      dt: () => 1,
      inputSize: () => 0,
      size: () => 1,
      create: (_c: unknown, { alloc }: { alloc: { f64(n: number): Float64Array } }) => ({ seen: alloc.f64(2) }),
      step(s: { seen: Float64Array }, _c: unknown, ctx: { runStep: number; run: unknown }) {
        s.seen[0] = ctx.runStep;
        s.seen[1] = (ctx.run as { factor: number }).factor;
      },
      observe: (s: { seen: Float64Array }) => ({ runStep: s.seen[0]!, option: s.seen[1]! }),
    } as unknown as ModelDefinition;
    const rt = createRuntime(probe, {}, SEED);
    rt.step = 7; // a session that already ran 7 steps
    const spec: RunSpec = { steps: 6, record: ['runStep', 'option'], options: { factor: 3 } };
    let cursor = RunCursor.open(probe, {}, rt, spec);
    cursor.advance({ maxSteps: 2 });
    const moved = structuredClone({ rt, snap: cursor.snapshot() });
    cursor = RunCursor.resume(probe, {}, moved.rt, spec, moved.snap);
    cursor.advance({ maxSteps: 1 });
    cursor.advance({});
    const { recording } = cursor.finish();
    expect(Array.from(recording.fields.runStep!.data)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(recording.fields.option!.data)).toEqual([3, 3, 3, 3, 3, 3]);
    expect(recording.startStep).toBe(7);
    expect(Array.from(recording.step)).toEqual([8, 9, 10, 11, 12, 13]);
  });

  it('planRecording names the request field at fault, before anything runs', () => {
    const model = listModels().find((m) => m.meta.kind === 'rate')!;
    const config = model.configSchema.parse({ size: 100 });
    const rt = createRuntime(model, config, SEED);
    expect(() => planRecording(model, config, rt, { steps: 10, record: ['activity', 'nothing'] })).toThrow(RunSpecError);
    try {
      planRecording(model, config, rt, { steps: 10, record: ['activity', 'nothing'] });
    } catch (err) {
      expect((err as RunSpecError).path).toBe('record.1');
    }
    // 1,000 samples of t, step, 100 activities and norm: 103,000 numbers
    expect(planRecording(model, config, rt, { steps: 1000, record: ['activity'] }).values).toBe(103_000);
    expect(() => planRecording(model, config, rt, { steps: 1000, record: ['activity'] }, 100_000)).toThrow(/over the limit of 100000/);
    releaseState(rt.state);
  });
});
