/**
 * The server as a process (node dist/src/server.js, a real child process with its own SQLite file):
 * - SIGTERM mid-run: the client waiting on `wait: true` gets the run's view (cancelled, its progress recorded, not a
 *   socket hang-up), the process exits 0, and after a restart the run and the session say the same;
 * - SIGKILL mid-run, then a restart: every acknowledged session, trained weights and finished recording is back
 *   bit-identically; the run that was cut off says so;
 * - SIGSEGV is not caught: the process dies of it (a handler would spin on the faulting instruction for ever).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dirs: string[] = [];
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Server {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  log: () => string;
}

async function startServer(dataDir: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.resolve('dist/src/server.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, POOL_SIZE: '2', LOG_LEVEL: 'warn', TOKENS: '', TOKENS_FILE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`the server exited at start: ${out}`);
    if (i > 600) throw new Error(`the server did not come up: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, exited, log: () => out };
}

async function api(s: Server, method: string, p: string, body?: unknown): Promise<{ status: number; json: any; bytes: Buffer }> {
  const res = await fetch(`${s.url}${p}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, ...(body ? { body: JSON.stringify(body) } : {}) });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: any = null;
  try {
    json = JSON.parse(bytes.toString());
  } catch {
    // a binary answer
  }
  return { status: res.status, json, bytes };
}

async function until(pred: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (await pred()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'rnnlab-process-'));
  dirs.push(d);
  return d;
}

describe('the server process', () => {
  it('SIGTERM mid-run: the waiting client gets the run, progress is recorded, exit code 0, the same after a restart', async () => {
    const dir = tmp();
    const s = await startServer(dir);
    const id = (await api(s, 'POST', '/v1/sessions', { model: 'rate', preset: 'leaky-r0.9', seed: 4 })).json.id as string;
    const waiting = api(s, 'POST', `/v1/sessions/${id}/runs`, { steps: 1_000_000, fps: 200, wait: true });
    let runId = '';
    await until(async () => {
      const runs = (await api(s, 'GET', `/v1/sessions/${id}/runs`)).json.runs;
      runId = runs[0]?.id ?? '';
      return runs[0]?.stepsDone > 20;
    }, 'the run to take steps');
    s.child.kill('SIGTERM');
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ id: runId, status: 'cancelled' });
    expect(answer.json.stepsDone).toBeGreaterThan(20);
    expect(answer.json.error).toMatch(/shut down after \d+ of 1000000 steps/);
    expect(answer.json.hasRecording).toBe(true);
    expect(await s.exited).toEqual({ code: 0, signal: null });

    const again = await startServer(dir);
    const run = (await api(again, 'GET', `/v1/sessions/${id}/runs/${runId}`)).json;
    expect(run).toMatchObject({ status: 'cancelled', stepsDone: answer.json.stepsDone, error: answer.json.error });
    expect((await api(again, 'GET', `/v1/sessions/${id}/state`)).json.step).toBe(answer.json.stepsDone);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  });

  it('SIGKILL mid-run, then a restart: every acknowledged session, trained weights and finished recording is back bit-identically', async () => {
    const dir = tmp();
    const s = await startServer(dir);
    const hop = { model: 'hopfield', preset: 'glyph-completion', seed: 8 };
    const trained = (await api(s, 'POST', '/v1/sessions', hop)).json.id as string;
    const training = await api(s, 'POST', `/v1/sessions/${trained}/train?wait=true`, {});
    expect(training.status, JSON.stringify(training.json)).toBe(200);
    expect(training.json.status).toBe('done');
    const rateId = (await api(s, 'POST', '/v1/sessions', { model: 'rate', config: { size: 40, noise: 0.1 }, seed: 2 })).json.id as string;
    const finished = (await api(s, 'POST', `/v1/sessions/${rateId}/runs`, { steps: 200, record: ['activity'], wait: true })).json;
    expect(finished.status).toBe('done');
    const recordingBefore = (await api(s, 'GET', `/v1/sessions/${rateId}/runs/${finished.id}/recording?format=npy`)).bytes;
    const stateBefore = (await api(s, 'GET', `/v1/sessions/${rateId}/state`)).json;
    // one more run, killed mid-way
    const cut = (await api(s, 'POST', `/v1/sessions/${rateId}/runs`, { steps: 1_000_000, fps: 100 })).json.id as string;
    await until(async () => (await api(s, 'GET', `/v1/sessions/${rateId}/runs/${cut}`)).json.stepsDone > 5, 'the run to take steps');
    s.child.kill('SIGKILL');
    expect((await s.exited).signal).toBe('SIGKILL');

    const again = await startServer(dir);
    const sessions = (await api(again, 'GET', '/v1/sessions')).json.sessions.map((x: { id: string }) => x.id);
    expect(sessions).toEqual(expect.arrayContaining([trained, rateId]));
    expect((await api(again, 'GET', `/v1/sessions/${rateId}/runs/${finished.id}/recording?format=npy`)).bytes.equals(recordingBefore)).toBe(true);
    const cutRun = (await api(again, 'GET', `/v1/sessions/${rateId}/runs/${cut}`)).json;
    expect(cutRun.status).toBe('failed');
    expect(cutRun.error).toMatch(/stopped before this run finished/);
    // the session is as it was stored after its last finished run
    const stateAfter = (await api(again, 'GET', `/v1/sessions/${rateId}/state`)).json;
    expect(stateAfter.step).toBe(stateBefore.step);
    expect(stateAfter.fields.activity).toEqual(stateBefore.fields.activity);
    // the trained weights: the restored session recalls exactly as a session trained now from the same seed
    const fresh = (await api(again, 'POST', '/v1/sessions', hop)).json.id as string;
    expect((await api(again, 'POST', `/v1/sessions/${fresh}/train?wait=true`, {})).json.status).toBe('done');
    const recall = async (sid: string) => {
      const r = (await api(again, 'POST', `/v1/sessions/${sid}/runs`, { steps: 6, record: ['state', 'energy'], wait: true })).json;
      return (await api(again, 'GET', `/v1/sessions/${sid}/runs/${r.id}/recording?format=npy`)).bytes;
    };
    expect((await recall(trained)).equals(await recall(fresh))).toBe(true);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  });

  it('SIGSEGV is not swallowed: the process dies of it', async () => {
    const s = await startServer(tmp());
    s.child.kill('SIGSEGV');
    const { code, signal } = await s.exited;
    expect(signal).toBe('SIGSEGV');
    expect(code).toBeNull();
  });
});
