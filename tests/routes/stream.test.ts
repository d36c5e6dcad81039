import { describe, expect, it } from 'vitest';
import { createSession, listen, runAndWait, StreamClient, waitForStatus } from '../helper.js';

const { app, ws } = await listen({ wsBufferBytes: 64 * 1024 });
const single = { model: 'rate', preset: 'integrator-r1', seed: 9 };

describe('WebSocket stream', () => {
  it('two clients both receive binary and JSON frames; the latest frame is sent on joining', async () => {
    const id = await createSession(app, single);
    const a = new StreamClient(`${ws}/v1/sessions/${id}/stream`);
    const b = new StreamClient(`${ws}/v1/sessions/${id}/stream?encoding=json`);
    await Promise.all([a.opened(), b.opened()]);
    await a.until(() => a.event('hello') !== undefined);
    expect(a.event('hello')).toMatchObject({ session: id, model: 'rate', encoding: 'binary', step: 0 });
    await runAndWait(app, id, { steps: 40, inputs: [{ type: 'pulse', channel: 0, onset: 0, duration: 1, amplitude: 2 }], frameEvery: 4 });
    await a.until(() => a.event('run', (e) => e.status === 'done') !== undefined);
    await b.until(() => b.event('run', (e) => e.status === 'done') !== undefined);
    for (const c of [a, b]) {
      expect(c.frames.length).toBeGreaterThan(0);
      const last = c.frames.at(-1)!;
      expect(last.step).toBe(40);
      const activity = last.fields.activity as ArrayLike<number>;
      expect(activity[0]).toBe(2); // r = 1 holds the pulse
    }
    // The binary layout carries t and step in its fixed header.
    expect(a.frames.at(-1)!.t).toBe(40);
    // A client joining now gets the latest frame at once.
    const late = new StreamClient(`${ws}/v1/sessions/${id}/stream?encoding=json`);
    await late.opened();
    await late.until(() => late.frames.length > 0);
    expect(late.frames[0]!.step).toBe(40);
    for (const c of [a, b, late]) c.close();
  });

  it('pause, resume, set and stop over the socket reach the running worker', async () => {
    const id = await createSession(app, { model: 'rate', preset: 'leaky-r0.9', seed: 2 });
    const c = new StreamClient(`${ws}/v1/sessions/${id}/stream?encoding=json`);
    await c.opened();
    const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 100_000, fps: 200, inputs: [{ type: 'constant', channel: 0, amplitude: 1 }] } });
    const runId = res.json().id;
    await waitForStatus(app, id, runId, ['running']);
    await c.until(() => c.frames.length > 3);

    c.send({ type: 'pause' });
    await c.until(() => c.event('run', (e) => e.status === 'paused') !== undefined);
    expect((await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${runId}` })).json().status).toBe('paused');
    const n = c.frames.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(c.frames.length).toBeLessThanOrEqual(n + 1);

    // r = 0: v[t+1] = 0·v + f(u) = 1 exactly, whatever came before; the fixed point of r = 0.9 would be 10.
    c.send({ type: 'set', params: { r: 0 } });
    await c.until(() => c.event('ack', (e) => e.for === 'set') !== undefined);
    c.send({ type: 'resume' });
    await c.until(() => c.event('live', (e) => e.live.r === 0) !== undefined);
    const m = c.frames.length;
    await c.until(() => c.frames.length > m + 3);
    const v = c.frames.at(-1)!.fields.activity as unknown as number[];
    expect(v[0]).toBe(1);

    c.send({ type: 'set', params: { r: 'fast' } });
    await c.until(() => c.event('error') !== undefined);
    expect(c.event('error')).toMatchObject({ code: 'RNN_ERR_VALIDATION', errors: [{ path: 'params.r' }] });
    c.send({ type: 'jump' });
    c.send('not json' as unknown as object);

    c.send({ type: 'stop' });
    const final = await waitForStatus(app, id, runId, ['cancelled']);
    expect(final.stepsDone).toBeGreaterThan(0);
    expect(c.events.filter((e) => e.type === 'error').length).toBeGreaterThanOrEqual(2);
    // With no active run, pause is a conflict, set changes the session's live value.
    c.send({ type: 'pause' });
    await c.until(() => c.event('error', (e) => e.code === 'RNN_ERR_NO_ACTIVE_RUN') !== undefined);
    c.close();
  });

  it('a slow client has frames dropped and is told, the run and the other client are not slowed', async () => {
    const id = await createSession(app, { model: 'rate', config: { size: 2000, inputs: 0, recurrent: { type: 'none' } }, seed: 4 });
    const fast = new StreamClient(`${ws}/v1/sessions/${id}/stream`);
    const slow = new StreamClient(`${ws}/v1/sessions/${id}/stream`);
    await Promise.all([fast.opened(), slow.opened()]);
    await slow.until(() => slow.event('hello') !== undefined);
    // The slow client stops reading: its socket's buffers fill up.
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const run = await runAndWait(app, id, { steps: 3000, fps: 1000, record: ['meanRate'] });
    expect(run.status).toBe('done');
    await fast.until(() => fast.event('run', (e) => e.status === 'done') !== undefined);
    const fastFrames = fast.frames.length;
    expect(fastFrames).toBeGreaterThan(1000);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await slow.until(() => slow.event('run', (e) => e.status === 'done') !== undefined);
    expect(slow.frames.length).toBeLessThan(fastFrames);
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const dropped = Number(metrics.match(/rnnlab_frames_dropped_total (\d+)/)![1]);
    expect(dropped).toBeGreaterThan(0);
    // told how many it missed, once it could be told
    await slow.until(() => slow.event('dropped') !== undefined, 5000);
    const told = slow.events.filter((e) => e.type === 'dropped').reduce((a, e) => a + e.count, 0);
    expect(told).toBeGreaterThan(0);
    expect(slow.frames.length + told).toBe(3000); // every frame was either sent or counted as dropped
    fast.close();
    slow.close();
  });

  it('a socket that stops answering pings is closed', async () => {
    const pinged = await listen({ wsPingMs: 100, poolSize: 1 });
    const id = await createSession(pinged.app, single);
    const c = new StreamClient(`${pinged.ws}/v1/sessions/${id}/stream`, { autoPong: false } as never);
    await c.opened();
    const closed = new Promise<number>((resolve) => c.ws.on('close', (code) => resolve(code)));
    const code = await closed;
    expect(code).toBeDefined();
    for (let i = 0; i < 50 && pinged.app.hub.subscriberCount(id) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(pinged.app.hub.subscriberCount(id)).toBe(0);
  });

  it('404 before the upgrade for an unknown session', async () => {
    const c = new StreamClient(`${ws}/v1/sessions/nope/stream`);
    await expect(c.opened()).rejects.toThrow(/404/);
  });
});
