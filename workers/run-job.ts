/**
 * A session run as a worker holds it between slices: the model, its config, the runtime copy this thread steps
 * (arrays in shared memory, so the same numbers the main thread sees) and the run cursor. A slice applies the live
 * changes that came with it, advances the cursor by at most its budget (or to its next frame, for a paced run),
 * encodes the frames it made (binary RNF1, so the main thread only forwards bytes) and reports where the run stands:
 * step, time, RNG state, the cursor snapshot and — when a step changed one — the state's scalar values. With that
 * the main thread can move the run to another worker, pause it, or persist it at any slice boundary.
 */
import { getModel } from '../src/models/index.js';
import { RunCursor } from '../src/engine/run-cursor.js';
import type { Frame } from '../src/engine/simulator.js';
import { sharedAlloc } from '../src/engine/alloc.js';
import { sameScalars, stateScalars } from '../src/engine/state-scalars.js';
import { encodeState } from '../src/store/state-codec.js';
import { encodeBinaryFrame } from '../src/streaming/frame-codec.js';
import type { RunFinal, RunOpen, RunSliceResult, SliceOrder } from '../src/runs/engine/protocol.js';

export interface SliceControl {
  /** True once the slice must end (its budget is spent, or the main thread asked it to yield). */
  shouldYield(): boolean;
  /** Block the thread up to `ms`, waking early when the main thread asks this slice to yield (fault injection). */
  stall(ms: number): void;
}

/** A buffer's bytes in an ArrayBuffer of their own (Node pools small Buffers: transferring the pool would detach it). */
export function ownBuffer(b: Buffer): ArrayBuffer {
  if (b.byteOffset === 0 && b.buffer.byteLength === b.byteLength && b.buffer instanceof ArrayBuffer) return b.buffer;
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

export class WorkerRun {
  private readonly cursor: RunCursor;
  private scalars: unknown[];
  private faulted = false;

  constructor(private readonly o: RunOpen) {
    const model = getModel(o.kind);
    if (!model) throw new Error(`unknown model kind ${o.kind}`);
    this.cursor = o.snapshot
      ? RunCursor.resume(model, o.config, o.runtime, o.spec, o.snapshot, sharedAlloc)
      : RunCursor.open(model, o.config, o.runtime, o.spec, { maxRecordedValues: o.maxRecordedValues, alloc: sharedAlloc });
    this.scalars = stateScalars(o.runtime.state);
  }

  slice(order: SliceOrder, control: SliceControl): { result: RunSliceResult; transfer: ArrayBuffer[] } {
    const { o, cursor } = this;
    const runtime = o.runtime;
    if (order.live) Object.assign(runtime.live, order.live);
    const frames: ArrayBuffer[] = [];
    let steps = 0;
    if (!order.finish && !cursor.finished) {
      const fault = o.fault;
      if (fault && cursor.stepsDone === fault.atStep && !this.faulted) {
        this.faulted = true;
        this.fail(fault, control);
      }
      let frameAfter = order.frameAfter ?? -Infinity;
      const onFrame = (f: Frame) => {
        frames.push(ownBuffer(encodeBinaryFrame({ session: o.session, run: o.runId, step: f.step, t: f.t, fields: f.fields })));
      };
      const out = cursor.advance(
        {
          untilFrame: order.untilFrame === true,
          shouldYield: () => control.shouldYield(),
          ...(fault && fault.atStep > cursor.stepsDone ? { maxSteps: fault.atStep - cursor.stepsDone } : {}),
        },
        {
          onFrame,
          // A paced slice makes its frame at the frame boundary; an unpaced one at most one, once its time has come.
          frameDue: (last) => {
            if (order.untilFrame || last) return true;
            const now = performance.timeOrigin + performance.now();
            if (now < frameAfter) return false;
            frameAfter = Infinity;
            return true;
          },
        },
      );
      steps = out.steps;
    }
    const result: RunSliceResult = {
      type: 'run',
      steps,
      stepsDone: cursor.stepsDone,
      step: runtime.step,
      t: runtime.t,
      rngState: runtime.rngState,
      live: runtime.live,
      snapshot: cursor.snapshot(),
      frames,
      finished: cursor.finished || order.finish === true,
    };
    const scalars = stateScalars(runtime.state);
    if (!sameScalars(scalars as never[], this.scalars as never[])) {
      result.scalars = scalars;
      this.scalars = scalars;
    }
    const transfer = [...frames];
    if (result.finished) {
      result.final = this.final();
      transfer.push(result.final.recording);
    }
    return { result, transfer };
  }

  /** The recording as the store keeps it (encoded here, off the main thread) and the metrics. */
  private final(): RunFinal {
    const { recording, metrics } = this.cursor.finish();
    const encoded = encodeState({
      t: recording.t,
      step: recording.step,
      fields: recording.fields,
      recordEvery: this.o.spec.recordEvery ?? 1,
      startStep: recording.startStep,
    });
    return { recording: ownBuffer(encoded), metrics };
  }

  /** Fault injection for the tests (FAULT_INJECTION=1 only): the ways a worker can fail under a run. */
  private fail({ mode, ms }: NonNullable<RunOpen['fault']>, control: SliceControl): void {
    if (mode === 'stall') {
      control.stall(ms ?? 1000);
      return;
    }
    if (mode === 'exit') process.exit(13); // ends this worker thread only
    if (mode === 'oom') {
      // grow the JS heap until the thread's resourceLimits end it (ERR_WORKER_OUT_OF_MEMORY)
      const hog: number[][] = [];
      for (;;) hog.push(new Array<number>(1 << 20).fill(hog.length));
    }
    throw new Error(`injected fault at step ${this.cursor.stepsDone}`);
  }
}
