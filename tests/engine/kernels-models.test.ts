/**
 * The kernels' two paths inside real models: every registered kind, run from its default config with its state in
 * the WebAssembly memory (sharedAlloc: SIMD kernels) and with its state in separate SharedArrayBuffers (JS twins),
 * must produce bit-identical recordings and metrics. This is what lets a session move between threads (and be
 * restored from the store into plain buffers) without changing a single bit of its results.
 */
import { describe, expect, it } from 'vitest';
import { listModels } from '../../src/models/index.js';
import { createRuntime, runSimulation } from '../../src/engine/simulator.js';
import { sharedAlloc, separateSharedAlloc, type Alloc } from '../../src/engine/alloc.js';
import { heapOffset } from '../../src/engine/wasm/heap.js';

function run(kind: string, alloc: Alloc, steps: number) {
  const model = listModels().find((m) => m.meta.kind === kind)!;
  const config = model.configSchema.parse({});
  const rt = createRuntime(model, config, 7, alloc);
  const out = runSimulation(model, config, rt, { steps, inputs: [] }, {}, alloc);
  return { rt, out };
}

function arraysIn(state: unknown, acc: ArrayBufferView[] = []): ArrayBufferView[] {
  if (state && typeof state === 'object') {
    if (ArrayBuffer.isView(state)) acc.push(state);
    else for (const v of Object.values(state)) arraysIn(v, acc);
  }
  return acc;
}

describe('every model kind: WebAssembly path and JS path give the same bits', () => {
  for (const model of listModels()) {
    it(`${model.meta.kind}`, () => {
      const steps = 40;
      const a = run(model.meta.kind, sharedAlloc, steps);
      const b = run(model.meta.kind, separateSharedAlloc, steps);
      // the first really lives in the WebAssembly memory, the second does not
      const inHeap = arraysIn(a.rt.state).filter((x) => x.byteLength > 0);
      expect(inHeap.some((x) => heapOffset(x) > 0)).toBe(true);
      expect(arraysIn(b.rt.state).every((x) => heapOffset(x) < 0)).toBe(true);
      expect(a.out.stepsDone).toBe(b.out.stepsDone);
      for (const [name, f] of Object.entries(b.out.recording.fields)) {
        const g = a.out.recording.fields[name]!;
        expect(Buffer.from(g.data.buffer, g.data.byteOffset, g.data.byteLength).equals(Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength)), name).toBe(true);
      }
      expect(JSON.stringify(a.out.metrics)).toBe(JSON.stringify(b.out.metrics));
    });
  }
});
