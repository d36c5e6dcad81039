/** The package version, reported in recordings, OpenAPI and /healthz. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const p = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'rnnlab') return pkg.version ?? '0.0.0';
    } catch {
      // not here; go up
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}

export const version = findPackageJson();

export const versions = { rnnlab: version, node: process.version };
