import { describe, expect, it } from 'vitest';
import { createSession, listen, StreamClient } from '../helper.js';

const { app, ws } = await listen({ tokens: 'alice:student:alice-token-1,bob:student:bob-token-22,prof:instructor:prof-token-333' });
const as = (token: string) => ({ authorization: `Bearer ${token}` });

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

  it('WebSockets take the token as ?token= and refuse without it', async () => {
    const id = await createSession(app, { model: 'rate', config: { size: 3 } }, as('alice-token-1'));
    const ok = new StreamClient(`${ws}/v1/sessions/${id}/stream?token=alice-token-1`);
    await ok.opened();
    await ok.until(() => ok.event('hello') !== undefined);
    ok.close();
    await expect(new StreamClient(`${ws}/v1/sessions/${id}/stream`).opened()).rejects.toThrow(/401/);
    await expect(new StreamClient(`${ws}/v1/sessions/${id}/stream?token=bob-token-22`).opened()).rejects.toThrow(/404/);
  });
});
