/** The OpenAPI document's TypeScript types as openapi-typescript prints them (openapi/schema.d.ts). */
import openapiTS, { astToString } from 'openapi-typescript';

export async function typesOf(doc: unknown): Promise<string> {
  return astToString(await openapiTS(JSON.parse(JSON.stringify(doc)), { alphabetize: true }));
}
