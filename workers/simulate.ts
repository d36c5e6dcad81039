/**
 * The piscina task function: runs a session's simulation (`op: 'run'`) or training (`op: 'train'`) on a worker
 * thread. The session state arrives as plain data whose arrays live in SharedArrayBuffers, so the worker steps them
 * in place and nothing N×N is copied. Frames and progress go out on the task's MessagePort; pause, stop and live
 * parameter changes come in through the shared control block (see src/runs/control.ts).
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { getModel } from '../src/models/index.js';
import { createRuntime, runSimulation, type Frame, type RunSpec, type Runtime } from '../src/engine/simulator.js';
import { sharedAlloc } from '../src/engine/alloc.js';
import { releaseState } from '../src/engine/wasm/heap.js';
import { runToEnd } from '../src/engine/training.js';
import { Rng } from '../src/engine/random/rng.js';
import { COMMAND, Command, LIVE_SEQ, type ControlMessage, type WorkerEvent } from '../src/runs/control.js';
import type { Recording, TrainResult } from '../src/models/contract.js';
import { runExperimentTask, type ExperimentTask, type ExperimentTaskResult } from '../src/experiments/task.js';

export interface TaskBase {
  kind: string;
  config: unknown;
  runtime: Runtime;
  control: SharedArrayBuffer;
  port: MessagePort;
  maxRunMs: number;
}

export interface RunTask extends TaskBase {
  op: 'run';
  spec: RunSpec;
  /** Frames per second to pace the run at (watching); undefined runs as fast as possible. */
  fps?: number;
  /** Without fps, frames are posted at most this often (per second of wall time). */
  maxFrameRate: number;
  maxRecordedValues: number;
  /** Fault injection for tests (only set when the server runs with FAULT_INJECTION=1): fail at a step. */
  fault?: { atStep: number; mode: 'throw' | 'exit' };
}

export interface TrainTask extends TaskBase {
  op: 'train';
  request: unknown;
}

export interface RunTaskResult {
  stepsDone: number;
  stopped: boolean;
  timedOut: boolean;
  metrics: Record<string, unknown>;
  recording: Recording;
  runtime: Runtime;
}

export interface TrainTaskResult {
  stopped: boolean;
  timedOut: boolean;
  result: TrainResult;
  runtime: Runtime;
}

function post(port: MessagePort, ev: WorkerEvent, transfer: ArrayBuffer[] = []): void {
  port.postMessage(ev, transfer);
}

/** Shared between run and train: pause/stop/live handling and the wall clock (paused time excluded). */
class Controller {
  private readonly ctrl: Int32Array;
  private liveSeq = 0;
  private readonly started = performance.now();
  pausedMs = 0;
  timedOut = false;

  constructor(private readonly task: TaskBase) {
    this.ctrl = new Int32Array(task.control);
    this.liveSeq = Atomics.load(this.ctrl, LIVE_SEQ);
  }

  elapsed(): number {
    return performance.now() - this.started - this.pausedMs;
  }

  /** Apply pending live changes; block while paused. Returns false when the run must stop. */
  check(): boolean {
    const seq = Atomics.load(this.ctrl, LIVE_SEQ);
    if (seq !== this.liveSeq) {
      this.liveSeq = seq;
      let msg: { message: ControlMessage } | undefined;
      while ((msg = receiveMessageOnPort(this.task.port) as { message: ControlMessage } | undefined)) {
        if (msg.message.type === 'set') Object.assign(this.task.runtime.live, msg.message.params);
      }
      post(this.task.port, { type: 'live', live: this.task.runtime.live });
    }
    let cmd = Atomics.load(this.ctrl, COMMAND);
    if (cmd === Command.pause) {
      post(this.task.port, { type: 'status', status: 'paused' });
      const p0 = performance.now();
      while (cmd === Command.pause) {
        Atomics.wait(this.ctrl, COMMAND, Command.pause, 1000);
        cmd = Atomics.load(this.ctrl, COMMAND);
        if (Atomics.load(this.ctrl, LIVE_SEQ) !== this.liveSeq) return this.check();
      }
      this.pausedMs += performance.now() - p0;
      if (cmd !== Command.stop) post(this.task.port, { type: 'status', status: 'running' });
    }
    if (cmd === Command.stop) return false;
    if (this.elapsed() > this.task.maxRunMs) {
      this.timedOut = true;
      return false;
    }
    return true;
  }

  /** Sleep until `untilMs` (performance.now() clock), waking early on any command. */
  sleepUntil(untilMs: number): void {
    const wait = untilMs - performance.now();
    if (wait > 0.5) Atomics.wait(this.ctrl, COMMAND, Atomics.load(this.ctrl, COMMAND), wait);
  }
}

function run(task: RunTask): RunTaskResult {
  const model = getModel(task.kind);
  if (!model) throw new Error(`unknown model kind ${task.kind}`);
  const ctl = new Controller(task);
  const spec = task.spec;
  const frameEvery = spec.frameEvery ?? 1;
  const minFrameGap = task.fps ? 0 : 1000 / task.maxFrameRate;
  const stepMs = task.fps ? 1000 / task.fps / frameEvery : 0;
  let lastFrame = -Infinity;
  let lastProgress = performance.now();
  const t0 = performance.now();

  const outcome = runSimulation(
    model,
    task.config,
    task.runtime,
    spec,
    {
      beforeStep(i) {
        if (task.fault && i === task.fault.atStep) {
          if (task.fault.mode === 'exit') process.exit(13); // ends this worker thread only
          throw new Error(`injected fault at step ${i}`);
        }
        if (!ctl.check()) return false;
        if (stepMs > 0) {
          ctl.sleepUntil(t0 + ctl.pausedMs + i * stepMs);
          if (!ctl.check()) return false;
        }
        const now = performance.now();
        if (now - lastProgress > 100) {
          lastProgress = now;
          post(task.port, { type: 'progress', stepsDone: i, fraction: i / spec.steps });
        }
        return true;
      },
      // Throttle before the frame is built: an unpaced run would otherwise observe and copy every step's state.
      frameDue(last) {
        const now = performance.now();
        if (minFrameGap > 0 && now - lastFrame < minFrameGap && !last) return false;
        lastFrame = now;
        return true;
      },
      onFrame(frame: Frame) {
        const transfer = Object.values(frame.fields).flatMap((v) => (typeof v === 'number' ? [] : [v.buffer as ArrayBuffer]));
        post(task.port, { type: 'frame', step: frame.step, t: frame.t, fields: frame.fields }, transfer);
      },
      maxRecordedValues: task.maxRecordedValues,
    },
    sharedAlloc,
  );
  const result: RunTaskResult = {
    stepsDone: outcome.stepsDone,
    stopped: outcome.stopped && !ctl.timedOut,
    timedOut: ctl.timedOut,
    metrics: outcome.metrics,
    recording: outcome.recording,
    runtime: task.runtime,
  };
  // The recording is structured-cloned back (piscina's move() takes one buffer; a copy of even 10⁷ numbers is tens of ms).
  return result;
}

function train(task: TrainTask): TrainTaskResult {
  const model = getModel(task.kind);
  if (!model?.train) throw new Error(`model kind ${task.kind} has no training`);
  const ctl = new Controller(task);
  const rng = Rng.fromState(task.runtime.rngState);
  let lastProgress = -Infinity;
  let stopped = false;
  const result = runToEnd(model.train.run(
    task.runtime.state,
    task.config,
    task.request,
    {
      rng,
      alloc: sharedAlloc,
      progress(fraction, figures) {
        const now = performance.now();
        if (now - lastProgress < 50 && fraction < 1) return;
        lastProgress = now;
        post(task.port, { type: 'progress', stepsDone: 0, fraction, ...(figures ? { figures } : {}) });
      },
      cancelled() {
        if (!ctl.check()) stopped = true;
        return stopped;
      },
    },
    task.runtime.live,
  ));
  if (result.state) task.runtime.state = result.state;
  const { state: _replaced, ...rest } = result;
  task.runtime.rngState = rng.getState();
  return { stopped: stopped && !ctl.timedOut, timedOut: ctl.timedOut, result: rest, runtime: task.runtime };
}

/** Build a session's network (weights, spectral rescaling…) off the main thread, so the server stays responsive. */
export interface CreateTask {
  op: 'create';
  kind: string;
  config: unknown;
  seed: number;
}

function create(task: CreateTask): Runtime {
  const model = getModel(task.kind);
  if (!model) throw new Error(`unknown model kind ${task.kind}`);
  return createRuntime(model, task.config, task.seed, sharedAlloc);
}

/** Give a discarded state's blocks back to the WebAssembly heap of this thread (the one that allocated them). */
export interface ReleaseTask {
  op: 'release';
  state: unknown;
}

export default function simulate(
  task: RunTask | TrainTask | ExperimentTask | CreateTask | ReleaseTask,
): RunTaskResult | TrainTaskResult | ExperimentTaskResult | Runtime | null {
  if (task.op === 'create') return create(task);
  if (task.op === 'release') {
    releaseState(task.state);
    return null;
  }
  // Experiment tasks (src/experiments) have no port and no control block: a fresh network, run, metrics.
  if (task.op === 'experiment') return runExperimentTask(task);
  try {
    return task.op === 'run' ? run(task) : train(task);
  } finally {
    post(task.port, { type: 'end' });
    task.port.close();
  }
}
