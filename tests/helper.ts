/**
 * Test helpers: `build()` makes a real app (real worker threads, real SQLite — in memory unless a dataDir is
 * given) and closes it after the test file; `listen()` also opens a port for real WebSockets and supertest.
 */
import { afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { buildApp } from '../src/app.js';
import type { Settings } from '../src/config.js';
import { decodeBinaryFrame, type FrameMessage } from '../src/streaming/frame-codec.js';

export async function build(settings: Partial<Settings> = {}, opts: { autoClose?: boolean } = {}): Promise<FastifyInstance> {
  const app = await buildApp({ ignoreEnv: true, logger: false, settings: { dataDir: ':memory:', poolSize: 2, maxEventLoopDelayMs: 0, strictResponses: true, ...settings } });
  if (opts.autoClose !== false) afterAll(() => app.close());
  return app;
}

/** An app listening on an ephemeral port of 127.0.0.1; returns its base URLs. */
export async function listen(settings: Partial<Settings> = {}): Promise<{ app: FastifyInstance; http: string; ws: string }> {
  const app = await build(settings);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address() as { port: number };
  return { app, http: `http://127.0.0.1:${addr.port}`, ws: `ws://127.0.0.1:${addr.port}` };
}

/** Create a session through the API and return its id. */
export async function createSession(app: FastifyInstance, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: body, headers });
  if (res.statusCode !== 201) throw new Error(`create failed ${res.statusCode}: ${res.body}`);
  return res.json().id as string;
}

export async function runAndWait(app: FastifyInstance, id: string, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { ...body, wait: true } });
  if (res.statusCode !== 200) throw new Error(`run failed ${res.statusCode}: ${res.body}`);
  return res.json();
}

/** Poll a run until it reaches one of `statuses`. */
export async function waitForStatus(app: FastifyInstance, id: string, runId: string, statuses: string[], timeoutMs = 20_000): Promise<Record<string, any>> {
  const t0 = Date.now();
  for (;;) {
    const res = await app.inject({ method: 'GET', url: `/v1/sessions/${id}/runs/${runId}` });
    const body = res.json();
    if (statuses.includes(body.status)) return body;
    if (Date.now() - t0 > timeoutMs) throw new Error(`run ${runId} stuck in ${body.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A WebSocket client that collects frames (decoded) and JSON events. */
export class StreamClient {
  readonly frames: FrameMessage[] = [];
  readonly events: Record<string, any>[] = [];
  readonly ws: WebSocket;
  private waiters: (() => void)[] = [];

  constructor(url: string, options?: WebSocket.ClientOptions) {
    this.ws = new WebSocket(url, options);
    this.ws.on('message', (data, isBinary) => {
      if (isBinary) this.frames.push(decodeBinaryFrame(data as Buffer));
      else {
        const msg = JSON.parse(data.toString());
        if (msg.type === 'frame') this.frames.push({ ...msg, fields: msg.fields });
        else this.events.push(msg);
      }
      for (const w of this.waiters.splice(0)) w();
    });
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.ws.readyState === WebSocket.OPEN) return resolve();
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`unexpected response ${res.statusCode}`)));
    });
  }

  send(msg: unknown): void {
    this.ws.send(JSON.stringify(msg));
  }

  /** Wait until `pred` holds (checked on every message). */
  async until(pred: () => boolean, timeoutMs = 15_000): Promise<void> {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > timeoutMs) throw new Error('timed out waiting on the stream');
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  event(type: string, pred: (e: Record<string, any>) => boolean = () => true): Record<string, any> | undefined {
    return this.events.find((e) => e.type === type && pred(e));
  }

  close(): void {
    this.ws.close();
  }
}
