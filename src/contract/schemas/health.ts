/** Answers of the ops routes (routes/health.ts). */
import { z } from 'zod';
import { versionsSchema } from './common.js';

export const healthSchema = z
  .object({
    status: z.literal('ok'),
    versions: versionsSchema,
    uptimeSeconds: z.number().describe('Seconds since the process started'),
    kernels: z.string().describe('Numerical kernels in use: native-avx512, native-avx2 (x86 vectors) or wasm (WebAssembly SIMD); the same results either way'),
  })
  .meta({ id: 'Health' });

export const readinessSchema = z
  .object({
    status: z.literal('ready'),
    checks: z.record(z.string(), z.boolean()).describe('Each readiness check (database, pool, accepting…) and whether it passes'),
    queueDepth: z.number().int().describe('Runs waiting for a worker'),
    activeRuns: z.number().int().describe('Runs on a worker now'),
    websocketClients: z.number().int().describe('Connected stream clients'),
  })
  .meta({ id: 'Readiness' });
