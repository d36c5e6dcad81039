/**
 * The worker pool runs compiled JavaScript (dist/workers/engine.js). `npm test` builds first (pretest); when a
 * single test file is run directly, build here if the bundle is missing or older than the sources.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  // The native kernels (src/engine/native/kernels.c) are C, not TypeScript: their script rebuilds them when the C is
  // newer than dist/native and is a no-op otherwise (and never fails the run: the WebAssembly kernels are the fallback).
  execFileSync(process.execPath, ['scripts/build-native.mjs'], { stdio: 'inherit' });
  const bundle = path.resolve('dist/workers/engine.js');
  const sources = Math.max(newestMtime('src'), newestMtime('workers'), newestMtime('routes'));
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return;
  try {
    execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  } catch {
    if (!existsSync(bundle)) throw new Error('build failed and there is no worker bundle');
  }
}
