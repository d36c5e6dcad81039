/**
 * Server settings, from environment variables (each documented in the README's "Configuration" table).
 * Read once at start; tests pass overrides to `buildApp` instead of touching the environment.
 */
import os from 'node:os';
import { z } from 'zod';

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

export const settingsSchema = z.object({
  host: z.string().default('127.0.0.1').describe('HOST: address to bind'),
  port: int(8080).describe('PORT: TCP port'),
  dataDir: z.string().default('./data').describe('DATA_DIR: folder of the SQLite file rnnlab.sqlite; ":memory:" for none'),
  poolSize: int(Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 8)), 1).describe('POOL_SIZE: worker threads'),
  maxQueue: int(64, 1).describe('MAX_QUEUE: runs waiting for a worker before new ones get 503'),
  maxUnits: int(20_000, 1).describe('MAX_UNITS: largest network (units) a session may have'),
  maxSteps: int(10_000_000, 1).describe('MAX_STEPS: most steps in one run'),
  maxSessions: int(1000, 1).describe('MAX_SESSIONS: most sessions stored (per user when tokens are on)'),
  maxRunMs: int(10 * 60_000, 100).describe('MAX_RUN_MS: wall-time limit of one run or training (ms, paused time excluded)'),
  maxRecordedValues: int(50_000_000, 1000).describe('MAX_RECORDED_VALUES: most numbers one recording may hold'),
  maxTrainMb: int(2048, 1).describe("MAX_TRAIN_MB: most memory one training may hold at once, by its kind's estimate (MB); larger ones are refused with 422"),
  maxTrainSeconds: int(600, 1).describe('MAX_TRAIN_SECONDS: a training estimated to take longer, even at the fastest rate measured for its kind, is refused with 422 (s)'),
  bodyLimit: int(32 * 1024 * 1024, 1024).describe('BODY_LIMIT: largest request body (bytes)'),
  maxFrameRate: int(60, 1).describe('MAX_FRAME_RATE: frames per second a run streams at most when it is not paced by fps'),
  wsBufferBytes: int(1 << 20, 1024).describe('WS_BUFFER_BYTES: a client with more unsent bytes than this gets frames dropped'),
  wsPingMs: int(30_000, 100).describe('WS_PING_MS: ping interval; a socket with no pong by the next ping is closed'),
  maxEventLoopDelayMs: int(10_000, 0).describe('MAX_EVENT_LOOP_DELAY_MS: answer 503 while the event loop lags more than this (0: off)'),
  rateLimit: int(0, 0).describe('RATE_LIMIT: requests per minute per client (0: off)'),
  tokensFile: z.string().optional().describe('TOKENS_FILE: JSON file of {token, user, role} entries; turns on token mode'),
  tokens: z.string().optional().describe('TOKENS: "user:role:token,…" (alternative to TOKENS_FILE)'),
  faultInjection: z
    .union([z.boolean(), z.enum(['0', '1']).transform((v) => v === '1')])
    .default(false)
    .describe('FAULT_INJECTION: 1 lets tests make a worker fail on purpose (never in production)'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('LOG_LEVEL'),
  strictResponses: z
    .union([z.boolean(), z.enum(['0', '1']).transform((v) => v === '1')])
    .default(false)
    .describe('STRICT_RESPONSES: 1 answers 500 when a response carries a field its OpenAPI schema does not declare (tests, development)'),
  workerHeapMb: int(2048, 64).describe('WORKER_HEAP_MB: JavaScript heap limit of each pool thread (MB); a thread that runs out dies alone and only its job fails'),
});

export type Settings = z.infer<typeof settingsSchema>;

const envNames: Record<keyof Settings, string> = {
  host: 'HOST',
  port: 'PORT',
  dataDir: 'DATA_DIR',
  poolSize: 'POOL_SIZE',
  maxQueue: 'MAX_QUEUE',
  maxUnits: 'MAX_UNITS',
  maxSteps: 'MAX_STEPS',
  maxSessions: 'MAX_SESSIONS',
  maxRunMs: 'MAX_RUN_MS',
  maxRecordedValues: 'MAX_RECORDED_VALUES',
  maxTrainMb: 'MAX_TRAIN_MB',
  maxTrainSeconds: 'MAX_TRAIN_SECONDS',
  bodyLimit: 'BODY_LIMIT',
  maxFrameRate: 'MAX_FRAME_RATE',
  wsBufferBytes: 'WS_BUFFER_BYTES',
  wsPingMs: 'WS_PING_MS',
  maxEventLoopDelayMs: 'MAX_EVENT_LOOP_DELAY_MS',
  rateLimit: 'RATE_LIMIT',
  tokensFile: 'TOKENS_FILE',
  tokens: 'TOKENS',
  faultInjection: 'FAULT_INJECTION',
  logLevel: 'LOG_LEVEL',
  strictResponses: 'STRICT_RESPONSES',
  workerHeapMb: 'WORKER_HEAP_MB',
};

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Settings> = {}): Settings {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(envNames)) if (env[name] !== undefined && env[name] !== '') raw[key] = env[name];
  const parsed = settingsSchema.safeParse({ ...raw, ...overrides });
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${envNames[i.path[0] as keyof Settings] ?? i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${msg}`);
  }
  return parsed.data;
}

export { envNames };
