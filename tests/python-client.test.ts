/**
 * The Python client's tests (clients/python/tests) and the example script (examples/hopfield_capacity.py, small
 * sizes) against a live server: `node dist/src/server.js` on a free port with a temporary DATA_DIR. Needs a python
 * with numpy (python3, then /usr/bin/python3); skipped with a message otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

function findPython(): string | null {
  for (const py of [process.env.PYTHON, 'python3', '/usr/bin/python3']) {
    if (!py) continue;
    const r = spawnSync(py, ['-c', 'import numpy'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const python = findPython();
if (!python) console.warn('[python-client] skipped: no python3 with numpy (apt-get install python3-numpy)');

describe.skipIf(!python)('python client against a live server', () => {
  let server: ChildProcess;
  let url = '';
  let dataDir = '';
  const root = path.resolve('.');

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rnnlab-py-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['dist/src/server.js'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, POOL_SIZE: '2', LOG_LEVEL: 'warn', TOKENS: '', TOKENS_FILE: '' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const t0 = Date.now();
    for (;;) {
      try {
        if ((await fetch(`${url}/readyz`)).ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() - t0 > 30_000) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  function runPython(args: string[], extraEnv: Record<string, string> = {}) {
    return spawnSync(python!, args, {
      cwd: root,
      env: { ...process.env, RNNLAB_URL: url, PYTHONPATH: path.join(root, 'clients/python'), MPLBACKEND: 'Agg', ...extraEnv },
      encoding: 'utf8',
      timeout: 120_000,
    });
  }

  it('clients/python/tests pass', () => {
    const r = runPython(['-m', 'unittest', 'discover', '-s', 'clients/python/tests', '-v']);
    if (r.status !== 0) console.error(r.stdout, r.stderr);
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    expect(r.stderr).toMatch(/OK/);
  });

  it('examples/hopfield_capacity.py runs end to end (small sizes)', () => {
    const r = runPython(['examples/hopfield_capacity.py', '--small', '--url', url]);
    if (r.status !== 0) console.error(r.stdout, r.stderr);
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    expect(r.stdout).toMatch(/retrieved fraction/);
  });
});
