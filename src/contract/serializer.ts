/**
 * Response serialization through the route's zod schema (as fastify-type-provider-zod's own compiler), plus, when
 * `strict` (tests, STRICT_RESPONSES=1), a check that the schema did not silently strip anything the handler
 * returned: a field a handler returns but its schema does not declare is answered 500 naming the field, so the
 * OpenAPI document cannot drift from what the server sends. Production (strict off) strips unknown fields.
 */
import type { FastifySerializerCompiler } from 'fastify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { $ZodType, safeEncode } from 'zod/v4/core';
import { AppError } from '../errors.js';

type MaybeSchema = $ZodType | { properties: $ZodType };

function resolve(schema: MaybeSchema): $ZodType {
  if (schema instanceof $ZodType) return schema;
  if ('properties' in schema && schema.properties instanceof $ZodType) return schema.properties;
  throw new Error(`not a zod schema: ${JSON.stringify(schema)}`);
}

export function contractSerializerCompiler(opts: { strict: boolean }): FastifySerializerCompiler<MaybeSchema> {
  return ({ schema: maybeSchema, method, url, httpStatus }) => {
    const schema = resolve(maybeSchema);
    return (data) => {
      const result = safeEncode(schema, data);
      if (result.error) {
        if (opts.strict) {
          const where = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
          throw new AppError('RNN_ERR_RESPONSE_CONTRACT', 500, `the ${httpStatus} answer of ${method} ${url} does not match its schema: ${where.join('; ')}`);
        }
        throw new ResponseSerializationError(method, url, { cause: result.error });
      }
      if (opts.strict) {
        const dropped: string[] = [];
        strippedFields(data, result.data, '', dropped);
        if (dropped.length > 0) {
          throw new AppError(
            'RNN_ERR_RESPONSE_CONTRACT',
            500,
            `the ${httpStatus} answer of ${method} ${url} has fields its response schema does not declare: ${dropped.join(', ')} (add them to the zod schema in src/contract/schemas)`,
          );
        }
      }
      return JSON.stringify(result.data);
    };
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);

/** Paths present (not undefined) in what the handler returned but missing from the encoded answer (at most 5). */
export function strippedFields(input: unknown, output: unknown, path: string, out: string[]): void {
  if (out.length >= 5) return;
  if (Array.isArray(input) && Array.isArray(output)) {
    // Arrays of numbers (activity, recordings) have nothing to strip: look only where objects are.
    if (input.length === 0 || !(isObject(input[0]) || Array.isArray(input[0]))) return;
    for (let i = 0; i < Math.min(input.length, output.length) && out.length < 5; i++) strippedFields(input[i], output[i], `${path}${i}.`, out);
    return;
  }
  if (!isObject(input) || !isObject(output)) return;
  if (typeof (input as { toJSON?: unknown }).toJSON === 'function') return;
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (!(key in output)) out.push(path + key);
    else strippedFields(value, output[key], `${path}${key}.`, out);
    if (out.length >= 5) return;
  }
}
