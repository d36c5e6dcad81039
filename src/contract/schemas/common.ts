/** Small schemas shared by the response schemas: ids, timestamps, versions, the JSON config of a kind. */
import { z } from 'zod';

export const idSchema = z.string().max(100);
export const timestampSchema = z.string().describe('ISO 8601 date-time (UTC)');
export const versionsSchema = z
  .record(z.string(), z.string())
  .describe('Versions that produced it: rnnlab, node (and the state format where it matters)')
  .meta({ id: 'Versions' });
/**
 * A value documented (and checked when answering) by `schema` but typed `unknown` in TypeScript: configs, metrics
 * and requests are held loosely typed by the services, because only the kind's own schema knows their shape.
 */
export const opaque = (schema: z.ZodType): z.ZodType<unknown> => schema as z.ZodType<unknown>;

export const configSchema = opaque(
  z.record(z.string(), z.unknown()).describe("A kind's resolved config (every field, defaults filled); its JSON Schema is GET /v1/models/{kind} → configSchema"),
);
export const liveSchema = z.record(z.string(), z.unknown()).describe("Live parameters (the kind's liveSchema, plus inputGain and inputAmplitudes)");
export const timeUnitSchema = z.string().describe('Unit of t and dt: ms, s, tau (membrane time constants) or step');
export const jsonSchemaSchema = z.record(z.string(), z.unknown()).describe('A JSON Schema (draft 2020-12)');

/**
 * A non-JSON body (CSV, NPY, NPZ, Arrow, Prometheus text): handlers send it as a string, a Buffer or a stream, which
 * fastify writes without serializing; the document says what media it is.
 */
export const mediaBody = (description: string, binary = true) =>
  z.custom<string | Uint8Array | NodeJS.ReadableStream>(() => true).meta(binary ? { type: 'string', format: 'binary', description } : { type: 'string', description });

/** A float as JSON carries it: NaN and ±Infinity (an ESN without a target, a diverged run) are written as null. */
export const jsonFloat = z
  .custom<number | null>((v) => v === null || typeof v === 'number')
  .meta({ type: ['number', 'null'], description: 'A number; null stands for NaN or ±Infinity (JSON has neither)' });
