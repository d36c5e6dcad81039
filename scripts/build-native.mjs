// Build the optional native kernels (src/engine/native/kernels.c, issue #8) into dist/native/rnnlab_kernels.node.
// Run by `npm run build`. They are an accelerator only: the WebAssembly kernels give the same bits, so when this
// machine cannot build them (no C compiler, no Node headers, not x86-64) the build says so and goes on.
// Node-API is ABI-stable, so the one binary loads on Node 20 and 22 alike.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'src/engine/native');
const built = path.join(srcDir, 'build/Release/rnnlab_kernels.node');
const target = path.join(root, 'dist/native/rnnlab_kernels.node');
const sources = ['kernels.c', 'binding.gyp'].map((f) => path.join(srcDir, f));

const mtime = (f) => (existsSync(f) ? statSync(f).mtimeMs : 0);
if (process.env.RNNLAB_KERNELS === 'wasm') {
  console.log('build-native: skipped (RNNLAB_KERNELS=wasm)');
  process.exit(0);
}
if (mtime(target) > Math.max(...sources.map(mtime))) {
  console.log('build-native: dist/native/rnnlab_kernels.node is up to date');
  process.exit(0);
}

/** node-gyp: npm's own copy (npm sets npm_config_node_gyp for scripts), else one on PATH. */
function nodeGyp() {
  const bundled = process.env.npm_config_node_gyp;
  if (bundled && existsSync(bundled)) return [process.execPath, bundled];
  const guess = path.join(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
  if (existsSync(guess)) return [process.execPath, guess];
  return ['node-gyp'];
}

/** Headers of the running Node (<prefix>/include/node), so node-gyp never tries to download them (no network). */
function nodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = path.join(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include/node/node_api.h')) ? prefix : null;
}

try {
  if (process.arch !== 'x64') throw new Error(`no native kernels for ${process.arch}`);
  const dir = nodeDir();
  if (!dir) throw new Error('no Node headers (include/node/node_api.h) next to this node');
  const [cmd, ...pre] = nodeGyp();
  execFileSync(cmd, [...pre, 'rebuild', `--nodedir=${dir}`, '--directory', srcDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(built, target);
  console.log('build-native: dist/native/rnnlab_kernels.node');
} catch (err) {
  const msg = String(err.stderr ?? err.message ?? err).trim().split('\n').slice(-3).join(' | ');
  console.warn(`build-native: not built, the WebAssembly kernels will run (same results, slower): ${msg}`);
}
