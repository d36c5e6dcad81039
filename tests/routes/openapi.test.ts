/**
 * The OpenAPI document (issue #18): the committed copy is what the server serves, redocly's recommended rules find
 * 0 errors and 0 warnings in it, and every operation follows the route convention (src/contract/operation.ts).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contractSerializerCompiler } from '../../src/contract/serializer.js';
import { build } from '../helper.js';

const app = await build({ poolSize: 1 });
const served = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();

type Operation = { operationId?: string; tags?: string[]; summary?: string; security?: unknown[]; responses: Record<string, any> };
const operations: [string, Operation][] = Object.entries(served.paths as Record<string, Record<string, Operation>>).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]),
);

describe('OpenAPI', () => {
  it('the committed openapi/openapi.json is the document the server serves (regenerate: npm run openapi)', () => {
    const committed = JSON.parse(readFileSync('openapi/openapi.json', 'utf8'));
    expect(served).toEqual(committed);
  });

  it('redocly lint (recommended rules): 0 errors, 0 warnings', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['node_modules/@redocly/cli/bin/cli.js', 'lint', 'openapi/openapi.json', '--format=json'], {
      maxBuffer: 16 << 20,
    }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
    const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
    const problems = (report.problems as { ruleId: string; message: string; location?: { pointer?: string }[] }[]).map(
      (p) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? '?'}`,
    );
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('every operation: unique operationId, a declared tag, a summary, explicit security, real success codes, problem+json errors', () => {
    expect(operations.length).toBeGreaterThan(15);
    const ids = operations.map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set((served.tags as { name: string }[]).map((t) => t.name));
    for (const [where, op] of operations) {
      expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.tags?.length, where).toBe(1);
      expect(tags.has(op.tags![0]!), where).toBe(true);
      expect(op.summary, where).toBeTruthy();
      expect(Array.isArray(op.security), where).toBe(true);
      const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
      expect(success.length, where).toBeGreaterThan(0);
      expect(Object.keys(op.responses), where).not.toContain('2XX');
      for (const status of success) {
        const r = op.responses[status];
        expect(r.description, where).not.toBe('Default Response');
        if (status !== '204') expect(Object.keys(r.content ?? {}).length, `${where} ${status}`).toBeGreaterThan(0);
      }
      for (const status of [...Object.keys(op.responses).filter((s) => /^[45]\d\d$/.test(s)), 'default']) {
        expect(op.responses[status].content['application/problem+json'].schema, `${where} ${status}`).toEqual({ $ref: '#/components/schemas/Problem' });
      }
    }
  });

  it('token routes say bearer, public ones say none: the catalogue and ops are public, sessions/runs/experiments are not', () => {
    const security = Object.fromEntries(operations.map(([where, op]) => [where, op.security]));
    expect(security['GET /healthz']).toEqual([]);
    expect(security['GET /v1/models']).toEqual([]);
    expect(security['POST /v1/sessions']).toEqual([{ bearer: [] }]);
    expect(security['GET /v1/experiments/{id}/results']).toEqual([{ bearer: [] }]);
    for (const [where, op] of operations) if (where.includes('/v1/sessions') || where.includes('/v1/experiments')) expect(op.responses['401'], where).toBeDefined();
  });

  it('answers are described by registered components (generated clients get named types)', () => {
    const schemas = Object.keys(served.components.schemas);
    for (const name of ['Problem', 'Session', 'Run', 'Recording', 'Experiment', 'Model', 'Health']) expect(schemas).toContain(name);
    const create = served.paths['/v1/sessions'].post.responses['201'].content['application/json'].schema;
    expect(create).toEqual({ $ref: '#/components/schemas/Session' });
    expect(served.servers.length).toBeGreaterThan(0);
  });

  it('a handler answering a field its response schema does not declare is a 500 naming the field (STRICT_RESPONSES, on in tests)', () => {
    const serialize = contractSerializerCompiler({ strict: true })({ schema: z.object({ a: z.number(), nested: z.object({ x: z.number() }) }), method: 'GET', url: '/x', httpStatus: '200' } as never);
    expect(serialize({ a: 1, nested: { x: 2 } })).toBe('{"a":1,"nested":{"x":2}}');
    expect(() => serialize({ a: 1, nested: { x: 2, y: 3 }, extra: true })).toThrow(/nested\.y, extra/);
    expect(() => serialize({ a: 'one', nested: { x: 2 } })).toThrow(/does not match its schema: a:/);
    const lenient = contractSerializerCompiler({ strict: false })({ schema: z.object({ a: z.number() }), method: 'GET', url: '/x', httpStatus: '200' } as never);
    expect(lenient({ a: 1, extra: true })).toBe('{"a":1}');
  });
});
