/**
 * The AsyncAPI document of the WebSocket channels (issue #18): the committed copy is what the server serves,
 * @asyncapi/parser finds nothing to report, and real traffic — every message captured from live sessions and an
 * experiment, in both encodings, with every control message and refusal — validates against the document's own
 * JSON Schemas (ajv) and the binary layout it publishes.
 */
import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSession, listen } from '../helper.js';

const { app, http, ws } = await listen({ poolSize: 2, wsBufferBytes: 1024 });
const served = (await app.inject({ method: 'GET', url: '/asyncapi.json' })).json();

/** The document's payload schemas of a channel's messages, compiled; a message is matched by its `type` const. */
function validators(channel: string): { byType: Map<string, { id: string; validate: ValidateFunction }[]>; binary: Record<string, any> } {
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema(served, 'asyncapi');
  const byType = new Map<string, { id: string; validate: ValidateFunction }[]>();
  let binary: Record<string, any> = {};
  for (const [id, ref] of Object.entries(served.channels[channel].messages as Record<string, { $ref: string }>)) {
    const message = served.components.messages[ref.$ref.split('/').pop()!];
    if (message.contentType === 'application/octet-stream') {
      binary = message;
      continue;
    }
    const payloadRef: string = message.payload.$ref;
    const type = served.components.schemas[payloadRef.split('/').pop()!].properties.type.const as string;
    const validate = ajv.getSchema(`asyncapi${payloadRef}`)!;
    byType.set(type, [...(byType.get(type) ?? []), { id, validate }]);
  }
  return { byType, binary };
}

/** Check one server message against the document; returns the message id it matched. */
function check(v: ReturnType<typeof validators>, text: string, direction: 'server' | 'client' = 'server'): string {
  const msg = JSON.parse(text);
  const candidates = (v.byType.get(msg.type) ?? []).filter(({ id }) => (direction === 'client') === id.startsWith('control'));
  expect(candidates.length, `no documented ${direction} message of type ${msg.type}: ${text.slice(0, 200)}`).toBeGreaterThan(0);
  const ok = candidates.find(({ validate }) => validate(msg));
  expect(ok, `${text.slice(0, 300)} fails ${JSON.stringify(candidates[0]!.validate.errors)}`).toBeDefined();
  return ok!.id;
}

/** Decode a binary frame by the document's layout and check its header against FrameHeader. */
function checkFrame(v: ReturnType<typeof validators>, buf: Buffer, headerSchema: ValidateFunction): { step: number; run: string | null } {
  const layout = v.binary['x-rnnlab-frame-layout'] as { offset: string; name: string }[];
  expect(layout.map((f) => f.name)).toEqual(['magic', 'headerLength', 't', 'step', 'header', 'payload']);
  expect(buf.toString('ascii', 0, 4)).toBe('RNF1');
  const h = buf.readUInt32LE(4);
  expect(h % 4).toBe(0);
  const header = JSON.parse(buf.toString('utf8', 24, 24 + h));
  expect(headerSchema(header), JSON.stringify(headerSchema.errors)).toBe(true);
  const floats = (buf.length - 24 - h) / 4;
  expect(floats).toBe(header.fields.reduce((a: number, f: { length: number }) => a + f.length, 0));
  for (const f of header.fields) expect(f.offset + f.length).toBeLessThanOrEqual(floats);
  return { step: buf.readDoubleLE(16), run: header.run };
}

class Socket {
  readonly texts: string[] = [];
  readonly frames: Buffer[] = [];
  readonly ws: WebSocket;
  private waiters: (() => void)[] = [];
  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data, isBinary) => {
      if (isBinary) this.frames.push(data as Buffer);
      else this.texts.push(data.toString());
      for (const w of this.waiters.splice(0)) w();
    });
  }
  opened = () => new Promise<void>((resolve, reject) => (this.ws.once('open', () => resolve()), this.ws.once('error', reject)));
  types = () => this.texts.map((t) => JSON.parse(t).type as string);
  send = (msg: unknown) => this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  async until(pred: () => boolean, what: string): Promise<void> {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > 30_000) throw new Error(`timed out waiting for ${what}; got ${this.types().join(',')}`);
      await new Promise<void>((r) => (this.waiters.push(r), setTimeout(r, 100)));
    }
  }
  closed = () => new Promise<void>((r) => (this.ws.readyState === WebSocket.CLOSED ? r() : this.ws.once('close', () => r())));
}

describe('AsyncAPI', () => {
  it('the committed asyncapi/asyncapi.json is the document the server serves (regenerate: npm run openapi)', () => {
    expect(served).toEqual(JSON.parse(readFileSync('asyncapi/asyncapi.json', 'utf8')));
    expect(served.asyncapi).toMatch(/^3\./);
  });

  it('@asyncapi/parser: a valid document with no diagnostics at all', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(served));
    expect(diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message} at ${d.path.join('.')}`)).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.channels().all().map((c) => c.address()).sort()).toEqual(['/v1/experiments/{id}/stream', '/v1/sessions/{id}/stream']);
    const ops = Object.fromEntries(document!.operations().all().map((o) => [o.id(), o.action()]));
    expect(ops).toMatchObject({ sendSessionFrames: 'send', receiveSessionControl: 'receive', sendExperimentProgress: 'send' });
  });

  it('session traffic (binary and JSON sockets, every control message, refusals, live, reset, delete) matches the document', async () => {
    const v = validators('sessionStream');
    const ajv = new Ajv({ strict: false, validateFormats: false });
    ajv.addSchema(served, 'asyncapi');
    const frameHeader = ajv.getSchema('asyncapi#/components/schemas/FrameHeader')!;
    const id = await createSession(app, { model: 'rate', config: { size: 30, recurrent: { type: 'random', gain: 0.9 } }, seed: 1 });
    const bin = new Socket(`${ws}/v1/sessions/${id}/stream`);
    const json = new Socket(`${ws}/v1/sessions/${id}/stream?encoding=json`);
    await Promise.all([bin.opened(), json.opened()]);
    await bin.until(() => bin.types().includes('hello'), 'hello');
    await json.until(() => json.types().includes('hello'), 'hello');

    // A paced run to command while it goes.
    const run = (await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 100_000, fps: 50 } })).json();
    await bin.until(() => bin.frames.length >= 2, 'frames');
    await json.until(() => json.types().includes('frame'), 'a JSON frame');
    bin.send({ type: 'pause' });
    await bin.until(() => bin.types().includes('ack'), 'ack of pause');
    bin.send({ type: 'set', params: { r: 0.5 } });
    await json.until(() => json.types().includes('live'), 'live from the set');
    bin.send({ type: 'state' });
    bin.send({ type: 'resume' });
    bin.send({ type: 'bogus' });
    bin.send({ type: 'pause', extra: 1 });
    bin.send('not json');
    bin.send({ type: 'set', params: { nosuchknob: 1 } });
    await bin.until(() => bin.types().filter((t) => t === 'error').length >= 4 && bin.types().includes('state'), 'state and four errors');
    bin.send({ type: 'stop' });
    await bin.until(() => bin.texts.some((t) => JSON.parse(t).type === 'run' && JSON.parse(t).status === 'cancelled'), 'the cancelled run');
    expect(run.id).toBeTruthy();

    // Live parameters with no run, a short unpaced run (run events with metrics), a reset, then the delete.
    await app.inject({ method: 'PATCH', url: `/v1/sessions/${id}`, payload: { live: { r: 0.8 } } });
    bin.send({ type: 'set', params: { r: 0.7 } });
    const done = (await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 20, wait: true } })).json();
    expect(done.status).toBe('done');
    await app.inject({ method: 'POST', url: `/v1/sessions/${id}/reset` });
    await json.until(() => json.types().includes('reset'), 'reset');
    await app.inject({ method: 'DELETE', url: `/v1/sessions/${id}` });
    await Promise.all([bin.closed(), json.closed()]);

    const seen = new Set<string>();
    for (const s of [bin, json]) for (const t of s.texts) seen.add(check(v, t));
    for (const f of bin.frames) checkFrame(v, f, frameHeader);
    expect(bin.frames.length).toBeGreaterThan(2);
    expect(json.frames).toEqual([]);
    for (const name of ['hello', 'frame', 'run', 'ack', 'state', 'error', 'live', 'reset', 'closed']) expect(seen, `never saw ${name}`).toContain(name);
    // What the client sent is what the document says clients send (and the refusals are refused by it too).
    expect(check(v, JSON.stringify({ type: 'set', params: { r: 1 } }), 'client')).toBe('controlSet');
    expect(v.byType.get('pause')!.find((c) => c.id === 'controlPause')!.validate({ type: 'pause', extra: 1 })).toBe(false);
  });

  it('a client too slow for the frames gets dropped reports that match the document', async () => {
    const v = validators('sessionStream');
    // 4,000 units, no recurrence: 16 KB frames, far more than WS_BUFFER_BYTES=1024 lets queue for a client that stops reading.
    const id = await createSession(app, { model: 'rate', config: { size: 4000, recurrent: { type: 'none' } }, seed: 1 });
    const slow = new Socket(`${ws}/v1/sessions/${id}/stream`);
    await slow.opened();
    await slow.until(() => slow.types().includes('hello'), 'hello');
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const run = (await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 600, fps: 200, recordEvery: 600 } })).json();
    const t0 = Date.now();
    for (;;) {
      const r = (await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${run.id}` })).json();
      if (r.status !== 'queued' && r.status !== 'running') break;
      if (Date.now() - t0 > 60_000) throw new Error('run did not end');
      await new Promise((r) => setTimeout(r, 100));
    }
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await slow.until(() => slow.types().includes('dropped'), 'a dropped report');
    const dropped = slow.texts.map((t) => JSON.parse(t)).find((m) => m.type === 'dropped');
    expect(dropped.count).toBeGreaterThan(0);
    for (const t of slow.texts) check(v, t);
    slow.ws.close();
  });

  it('experiment traffic (hello, a progress per task, the final status) matches the document', async () => {
    const v = validators('experimentStream');
    const e = (
      await app.inject({ method: 'POST', url: '/v1/experiments', payload: { model: 'hopfield', config: { size: 300 }, grid: { 'cue.flip': { start: 0, stop: 0.5, num: 30 } }, seeds: 2, run: { steps: 2000 } } })
    ).json();
    const s = new Socket(`${ws}/v1/experiments/${e.id}/stream`);
    await s.opened();
    await s.closed();
    const types = s.types();
    expect(types[0]).toBe('hello');
    expect(types.at(-1)).toBe('status');
    expect(types).toContain('progress'); // 60 tasks of 2,000 sweeps: most finish after the socket opened
    for (const t of s.texts) check(v, t);
    // A socket opened after the end gets the hello and the status at once.
    const late = new Socket(`${ws}/v1/experiments/${e.id}/stream`);
    await late.opened();
    await late.closed();
    expect(late.types()).toEqual(['hello', 'status']);
    for (const t of late.texts) check(v, t);
    expect(http).toMatch(/^http:/);
  });
});
