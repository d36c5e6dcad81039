/**
 * The worker pool runs compiled JavaScript (dist/workers/simulate.js). `npm test` builds first (pretest); when a
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
  const bundle = path.resolve('dist/workers/simulate.js');
  const sources = Math.max(newestMtime('src'), newestMtime('workers'), newestMtime('routes'));
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return;
  try {
    execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  } catch {
    if (!existsSync(bundle)) throw new Error('build failed and there is no worker bundle');
  }
}
