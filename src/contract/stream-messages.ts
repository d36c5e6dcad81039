/**
 * Every message of the two WebSocket channels, as zod schemas: the stream routes parse what clients send with
 * them, and the AsyncAPI document (src/contract/asyncapi.ts, served at /asyncapi.json) is generated from them, so
 * the document and the server cannot disagree. Server messages are JSON text (or, on the session stream with
 * encoding=binary, frames in the binary layout of src/streaming/frame-codec.ts); client messages are JSON text.
 */
import { z } from 'zod';
import { fieldIssueSchema } from './problem.js';
import { jsonFloat } from './schemas/common.js';
import { experimentProgressSchema, experimentStatusSchema, resultRowSchema } from './schemas/experiments.js';
import { runStatusSchema } from './schemas/runs.js';

const id = z.string().max(100);
const live = z.record(z.string(), z.unknown()).describe("Live parameters (the kind's liveSchema, plus inputGain and inputAmplitudes)");

// ---- /v1/sessions/{id}/stream: server → client

export const sessionHello = z
  .object({
    type: z.literal('hello'),
    session: id,
    model: z.string().describe('Model kind'),
    encoding: z.enum(['binary', 'json']).describe('How frames come on this socket'),
    step: z.number().int().describe('The session step when the socket opened'),
    t: z.number().describe('Model time then'),
    activeRun: id.nullable().describe('The run or training queued or running, if any'),
    fields: z.record(z.string(), z.string()).describe('Observed fields (those frames carry) with what each is'),
    live,
  })
  .describe('First message on every socket, before any frame');

export const frameJson = z
  .object({
    type: z.literal('frame'),
    session: id,
    run: id.nullable().describe('The run that produced it (null: the state outside a run)'),
    step: z.number().int(),
    t: z.number(),
    fields: z.record(z.string(), z.union([jsonFloat, z.array(jsonFloat)])).describe('Observed fields: scalars, or one float32 value per unit'),
  })
  .describe('A frame, encoding=json');

/** The JSON header inside a binary frame (layout: src/streaming/frame-codec.ts and the frameBinary message). */
export const frameHeader = z.object({
  session: id,
  run: id.nullable(),
  fields: z.array(z.object({ name: z.string(), offset: z.number().int().min(0).describe('In float32 values from the payload start'), length: z.number().int().min(1) })),
});

export const runEvent = z
  .object({
    type: z.literal('run'),
    run: id,
    runType: z.enum(['run', 'train']),
    status: runStatusSchema,
    stepsDone: z.number().int().optional().describe('When the run has ended'),
    error: z.string().optional().describe('Why it failed (or, for a run stopped by a shutdown, that it was)'),
    code: z.string().optional().describe('A failure\'s stable code: RNN_ERR_WORKER_DIED, RNN_ERR_TIME_LIMIT, RNN_ERR_RUN_FAILED, a quota\'s…'),
    metrics: z.record(z.string(), z.unknown()).optional().describe("The kind's metrics, when it ended with some"),
  })
  .describe('A run or training changed status (queued, running, paused, done, cancelled, failed)');

export const progressEvent = z
  .object({
    type: z.literal('progress'),
    run: id,
    stepsDone: z.number().int(),
    fraction: z.number().min(0).max(1),
    figures: z.record(z.string(), jsonFloat).optional().describe('Training figures so far (loss, likelihood…)'),
  })
  .describe('Progress of a run or training');

export const liveEvent = z
  .object({ type: z.literal('live'), run: id.nullable().describe('The run it took effect in (null: no run was active)'), live })
  .describe('Live parameters changed (a set message from any client, or PATCH live)');

export const droppedEvent = z
  .object({ type: z.literal('dropped'), count: z.number().int().min(1).describe('Frames missed since the last report'), total: z.number().int().describe('Frames missed on this socket') })
  .describe('This client was too slow: frames were dropped for it (the run was not slowed)');

export const ackEvent = z
  .object({
    type: z.literal('ack'),
    for: z.enum(['set', 'pause', 'resume', 'stop']),
    params: live.optional().describe('set: the validated parameters'),
    run: id.optional().describe('pause/resume/stop: the run commanded'),
  })
  .describe('A control message was accepted (sent to its sender only)');

export const stateEvent = z
  .object({ type: z.literal('state'), step: z.number().int(), t: z.number(), live, activeRun: id.nullable() })
  .describe('Answer to {"type":"state"} (to its sender only)');

export const errorEvent = z
  .object({
    type: z.literal('error'),
    status: z.number().int().describe('The HTTP status the same error would have'),
    code: z.string().describe('Stable code, as in problem+json (RNN_ERR_VALIDATION, RNN_ERR_NO_ACTIVE_RUN, RNN_ERR_FORBIDDEN…)'),
    detail: z.string(),
    errors: z.array(fieldIssueSchema).optional().describe('Validation: the failing fields (message.type, params.r…)'),
  })
  .describe('A control message was refused (sent to its sender only)');

export const resetEvent = z.object({ type: z.literal('reset'), step: z.literal(0) }).describe('The session was reset to step 0');

export const closedEvent = z
  .object({ type: z.literal('closed'), reason: z.string() })
  .describe('The server closes this socket next (the session was deleted, or the server stops)');

// ---- /v1/sessions/{id}/stream: client → server

export const pauseMessage = z.strictObject({ type: z.literal('pause') }).describe('Pause the active run after its current step');
export const resumeMessage = z.strictObject({ type: z.literal('resume') }).describe('Resume a paused run');
export const stopMessage = z.strictObject({ type: z.literal('stop') }).describe('Stop (cancel) the active run after its current step');
export const setMessage = z
  .strictObject({ type: z.literal('set'), params: z.record(z.string(), z.unknown()).describe("Live parameters (the kind's liveSchema), e.g. {\"r\": 1}") })
  .describe('Set live parameters: at the next step of the active run, or at once when none is active');
export const stateMessage = z.strictObject({ type: z.literal('state') }).describe('Ask for the current step, time, live parameters and active run');

/** What a client may send on a session stream; the stream route parses every text message with it. */
export const controlMessage = z.discriminatedUnion('type', [pauseMessage, resumeMessage, stopMessage, setMessage, stateMessage]);
export type ControlMessage = z.infer<typeof controlMessage>;

// ---- /v1/experiments/{id}/stream: server → client (no client messages)

export const experimentHello = z
  .object({ type: z.literal('hello'), experiment: id, status: experimentStatusSchema, progress: experimentProgressSchema })
  .describe('First message: the status and progress when the socket opened');

export const experimentProgress = z
  .object({
    type: z.literal('progress'),
    done: z.number().int(),
    failed: z.number().int(),
    total: z.number().int(),
    fraction: z.number().min(0).max(1),
    etaSeconds: z.number().nullable(),
    row: resultRowSchema.describe('The row that just finished'),
  })
  .describe('A task (grid point × seed) finished');

export const experimentStatus = z
  .object({
    type: z.literal('status'),
    status: experimentStatusSchema,
    done: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
    total: z.number().int(),
    error: z.string().nullable().optional(),
  })
  .describe('The experiment ended (done, cancelled, failed); the server closes the socket next');

/** Every server message of each channel, by the name the AsyncAPI document gives it. */
export const sessionServerMessages = {
  hello: sessionHello,
  frame: frameJson,
  run: runEvent,
  progress: progressEvent,
  live: liveEvent,
  dropped: droppedEvent,
  ack: ackEvent,
  state: stateEvent,
  error: errorEvent,
  reset: resetEvent,
  closed: closedEvent,
} as const;
export const sessionClientMessages = { pause: pauseMessage, resume: resumeMessage, stop: stopMessage, set: setMessage, state: stateMessage } as const;
export const experimentServerMessages = { hello: experimentHello, progress: experimentProgress, status: experimentStatus } as const;
