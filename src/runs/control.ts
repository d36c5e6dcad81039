/**
 * The control block shared by the main thread and the worker running a session: a tiny Int32Array on a
 * SharedArrayBuffer, read with Atomics between steps. The worker never waits for a message to learn that it must
 * pause or stop, and `Atomics.wait` lets it sleep (paused, or pacing at `fps`) while still waking at once on a change.
 * Live parameter values travel on the run's MessagePort; LIVE_SEQ tells the worker there is something to read.
 */
export const COMMAND = 0;
export const LIVE_SEQ = 1;
export const CONTROL_INTS = 4;

export const Command = { run: 0, pause: 1, stop: 2 } as const;

export function createControl(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
}

export function sendCommand(control: Int32Array, command: number): void {
  // A stop is final: never turn it back into run/pause.
  if (Atomics.load(control, COMMAND) === Command.stop) return;
  Atomics.store(control, COMMAND, command);
  Atomics.notify(control, COMMAND);
}

export function signalLive(control: Int32Array): void {
  Atomics.add(control, LIVE_SEQ, 1);
  Atomics.notify(control, COMMAND);
}

/** Messages a worker posts on its port while it runs. */
export type WorkerEvent =
  | { type: 'frame'; step: number; t: number; fields: Record<string, number | Float32Array> }
  | { type: 'progress'; stepsDone: number; fraction: number; figures?: Record<string, number> }
  | { type: 'status'; status: 'running' | 'paused' }
  | { type: 'live'; live: Record<string, unknown> }
  /** The last message of a task: everything before it has been delivered. */
  | { type: 'end' };

/** Messages the main thread posts to a running worker. */
export type ControlMessage = { type: 'set'; params: Record<string, unknown> };
