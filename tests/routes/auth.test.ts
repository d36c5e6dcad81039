import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createSession, listen, StreamClient } from '../helper.js';
import { redactUrl } from '../../src/auth/redact.js';

const TOKENS = 'alice:student:alice-token-1,bob:student:bob-token-22,prof:instructor:prof-token-333';
const { app, http, ws } = await listen({ tokens: TOKENS });
const as = (token: string) => ({ authorization: `Bearer ${token}` });

/** A request with the path sent exactly as written (no client-side normalisation of `..`, `%2e`, `//`). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string }> {
  const { port } = new URL(http);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: Number(port), method, path, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('token mode', () => {
  it('401 problem without or with a wrong token; health and model docs stay public', async () => {
    let res = await app.inject({ method: 'GET', url: '/v1/sessions' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json().code).toBe('RNN_ERR_UNAUTHORIZED');
    res = await app.inject({ method: 'GET', url: '/v1/sessions', headers: as('nope-nope-nope') });
    expect(res.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v1/models' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v1/models/rate' })).statusCode).toBe(200);
  });

  it("a session belongs to its creator: another student gets 404, an instructor sees it", async () => {
    const id = await createSession(app, { model: 'rate', config: { size: 3 } }, as('alice-token-1'));
    expect((await app.inject({ method: 'GET', url: `/v1/sessions/${id}`, headers: as('alice-token-1') })).json().owner).toBe('alice');
    const bob = await app.inject({ method: 'GET', url: `/v1/sessions/${id}`, headers: as('bob-token-22') });
    expect(bob.statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/v1/sessions/${id}/runs`, payload: { steps: 1 }, headers: as('bob-token-22') })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/v1/sessions/${id}`, headers: as('bob-token-22') })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/v1/sessions', headers: as('bob-token-22') })).json().sessions).toEqual([]);
    expect((await app.inject({ method: 'GET', url: `/v1/sessions/${id}`, headers: as('prof-token-333') })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v1/sessions', headers: as('prof-token-333') })).json().sessions.map((s: any) => s.id)).toContain(id);
  });

  it('WebSockets take the token as ?token= (or the header) and refuse without it', async () => {
    const id = await createSession(app, { model: 'rate', config: { size: 3 } }, as('alice-token-1'));
    const ok = new StreamClient(`${ws}/v1/sessions/${id}/stream?token=alice-token-1`);
    await ok.opened();
    await ok.until(() => ok.event('hello') !== undefined);
    ok.close();
    const header = new StreamClient(`${ws}/v1/sessions/${id}/stream`, { headers: as('alice-token-1') });
    await header.opened();
    header.close();
    await expect(new StreamClient(`${ws}/v1/sessions/${id}/stream`).opened()).rejects.toThrow(/401/);
    await expect(new StreamClient(`${ws}/v1/sessions/${id}/stream?token=bob-token-22`).opened()).rejects.toThrow(/404/);
    // The percent-encoded path of the stream needs the token like the plain one.
    await expect(new StreamClient(`${ws}/%761/sessions/${id}/stream`).opened()).rejects.toThrow(/401/);
  });

  it('?token= is refused on REST routes (only the WebSocket upgrade may carry it), even a valid one', async () => {
    const id = await createSession(app, { model: 'rate', config: { size: 3 } }, as('alice-token-1'));
    for (const url of ['/v1/sessions?token=alice-token-1', `/v1/sessions/${id}?token=alice-token-1`, `/v1/sessions/${id}/state?token=alice-token-1`]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().detail).toMatch(/only on WebSocket upgrades/);
    }
    // A plain GET of the stream route (no upgrade) is REST too.
    expect((await app.inject({ method: 'GET', url: `/v1/sessions/${id}/stream?token=alice-token-1` })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: `/v1/sessions/${id}`, headers: as('alice-token-1') })).statusCode).toBe(200);
  });
});

describe('authentication is decided on the matched route, not on the URL text (#15 item 3)', () => {
  // Each spelling below reaches a protected route (shown by the 2xx it gets WITH a token) or no route at all.
  const spellings = [
    '/v1/sessions',
    '/%761/sessions',
    '/v%31/sessions',
    '/%76%31/%73essions',
    '/v1/%73essions',
    '/%76%31%2f%73essions',
    '/v1/sessions/',
    '/v1/sessions?',
    '/v1/./sessions',
    '/v1/%2e/sessions',
    '/v1/models/../sessions',
    '/v1/models/%2e%2e/sessions',
    '/x/../v1/sessions',
    '//v1/sessions',
    '/v1//sessions',
    '/V1/sessions',
    '/V1/SESSIONS',
    '/v1/sessions%2F',
    '/v1/sessions;x',
    '/v1/experiments',
    '/v%31/experiments',
    '/v1/experiments/',
  ];

  it('GET: every spelling is 401 or 404 without a token; those that match a route answer with a token', async () => {
    let matched = 0;
    for (const path of spellings) {
      const anon = await raw('GET', path);
      const authed = await raw('GET', path, as('alice-token-1'));
      expect([401, 404], `${path} without a token: ${anon.status} ${anon.text.slice(0, 200)}`).toContain(anon.status);
      if (authed.status === 200) {
        matched++;
        expect(anon.status, `${path} matches a protected route`).toBe(401);
      } else {
        expect(authed.status, `${path} with a token`).toBe(404);
      }
    }
    expect(matched).toBeGreaterThanOrEqual(8); // the test really reaches the protected routes through the encodings
  });

  it('POST (create a session) through the encodings: refused without a token, never creates one', async () => {
    const before = (await app.inject({ method: 'GET', url: '/v1/sessions', headers: as('prof-token-333') })).json().sessions.length;
    const body = JSON.stringify({ model: 'rate', config: { size: 2 } });
    for (const path of ['/%761/sessions', '/v%31/sessions', '/v1/%73essions', '/v1/./sessions', '/v1/sessions/']) {
      const res = await raw('POST', path, {}, body);
      expect([401, 404], path).toContain(res.status);
    }
    const after = (await app.inject({ method: 'GET', url: '/v1/sessions', headers: as('prof-token-333') })).json().sessions.length;
    expect(after).toBe(before);
    expect((await raw('POST', '/%761/sessions', as('bob-token-22'), body)).status).toBe(201);
  });

  it('public stays public under its encodings (health, the model catalogue)', async () => {
    expect((await raw('GET', '/%68ealthz')).status).toBe(200);
    expect((await raw('GET', '/v%31/models')).status).toBe(200);
    expect((await raw('GET', '/v1/%6dodels/rate')).status).toBe(200);
  });
});

describe('tokens never reach the logs (#15 item 8)', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      cb();
    },
  });
  let logged: Awaited<ReturnType<typeof buildApp>>;

  afterAll(() => logged?.close());

  it('redactUrl replaces token values, whatever the case or percent-encoding of the key', () => {
    expect(redactUrl('/v1/x?encoding=binary&token=abc')).toBe('/v1/x?encoding=binary&token=[redacted]');
    expect(redactUrl('/v1/x?TOKEN=abc&a=1')).toBe('/v1/x?TOKEN=[redacted]&a=1');
    expect(redactUrl('/v1/x?%74oken=abc')).toBe('/v1/x?%74oken=[redacted]');
    expect(redactUrl('/v1/x?access_token=abc#h')).toBe('/v1/x?access_token=[redacted]#h');
    expect(redactUrl('/v1/x?tokens=keep')).toBe('/v1/x?tokens=keep');
    expect(redactUrl('/v1/x')).toBe('/v1/x');
  });

  it('request logs of REST and WebSocket URLs with ?token= show "[redacted]", never the token', async () => {
    logged = await buildApp({
      ignoreEnv: true,
      logger: { level: 'info', stream: sink },
      settings: { dataDir: ':memory:', poolSize: 1, maxEventLoopDelayMs: 0, tokens: 'ada:student:secret-ada-token-9' },
    });
    await logged.listen({ host: '127.0.0.1', port: 0 });
    const port = (logged.server.address() as { port: number }).port;
    const id = await createSession(logged, { model: 'rate', config: { size: 2 } }, as('secret-ada-token-9'));
    await logged.inject({ method: 'GET', url: `/v1/sessions?token=secret-ada-token-9` });
    await logged.inject({ method: 'GET', url: `/v1/sessions?%74oken=secret-ada-token-9&x=1` });
    await logged.inject({ method: 'GET', url: `/nowhere?token=secret-ada-token-9` });
    const c = new StreamClient(`ws://127.0.0.1:${port}/v1/sessions/${id}/stream?encoding=json&token=secret-ada-token-9`);
    await c.opened();
    await c.until(() => c.event('hello') !== undefined);
    c.close();
    // A WebSocket upgrade of a route with no WebSocket handler is logged by @fastify/websocket with its raw URL.
    const other = new StreamClient(`ws://127.0.0.1:${port}/healthz?token=secret-ada-token-9`);
    await other.opened().catch(() => undefined);
    await new Promise<void>((r) => (other.ws.readyState === 3 ? r() : other.ws.once('close', () => r())));
    await logged.close();
    const text = lines.join('\n');
    expect(text).not.toContain('secret-ada-token-9');
    expect(text).toContain('token=[redacted]');
    expect(lines.filter((l) => l.includes('/stream?') && l.includes('[redacted]')).length).toBeGreaterThan(0);
  });
});
