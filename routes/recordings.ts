/**
 * A run's recording: GET …/recording?format=json|csv|npz|arrow|npy[&field=] streams it in the chosen format
 * (src/runs/recording-format.ts: every format carries its column names or array names inside; CSV opens in
 * pandas with no arguments), and GET …/recording/meta gives its metadata (seed, resolved config, request,
 * versions, columns) on its own.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../src/errors.js';
import { versions } from '../src/version.js';
import { decodeRecording, encodeRecording, recordingFormats, recordingMeta, type StoredRecording } from '../src/runs/recording-format.js';
import { operation } from '../src/contract/operation.js';
import { mediaBody } from '../src/contract/schemas/common.js';
import { recordingMetaSchema, recordingSchema } from '../src/contract/schemas/recording.js';

const runParams = z.object({ id: z.string().max(100), runId: z.string().max(100) });
const notFound = { 404: 'No such session or run (or not yours)', 409: 'The run has no recording (yet): it is queued, running, or recorded nothing' };

export default async function recordingRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();

  /** The recording and what the route knows about it (session, seed, config, request, versions). */
  async function load(request: FastifyRequest, id: string, runId: string): Promise<{ rec: StoredRecording; meta: Record<string, unknown> }> {
    const s = await app.sessions.get(request.user, id, 'read');
    const run = await app.runs.get(request.user, id, runId);
    const blob = await app.store.runs.recording(runId);
    if (!blob) throw errors.notRecorded(runId, run.status);
    const meta = { session: id, run: runId, model: s.row.kind, seed: s.row.seed, config: s.row.config, request: run.request, status: run.status, timeUnit: s.model.meta.timeUnit, versions: { ...versions } };
    return { rec: decodeRecording(blob), meta };
  }

  app.get(
    '/sessions/:id/runs/:runId/recording',
    {
      schema: operation({
        operationId: 'getRecording',
        tag: 'runs',
        summary: 'Download what the run recorded (json, csv, npz, arrow or npy), with its names and metadata',
        description:
          'csv: `pd.read_csv(url)` reads it with no arguments (metadata: …/recording/meta). npz: `np.load(io.BytesIO(body))` → t, step, one ' +
          'array per field and `meta` (JSON text). arrow: `pd.read_feather(io.BytesIO(body))`, metadata in the schema (key "rnnlab"). ' +
          'npy: one float64 array, samples × columns (the names are meta.columns), or field= alone (samples × width). Sent in chunks as produced.',
        auth: 'token',
        params: runParams,
        querystring: z.object({
          format: z.enum(recordingFormats).default('json'),
          field: z.string().max(100).optional().describe('Only this recorded field (with t and step, except npy: the field alone, samples × width)'),
        }),
        responses: {
          200: {
            description: 'The recording in the requested format',
            content: {
              'application/json': recordingSchema,
              'text/csv': mediaBody('A header line of column names (t, step, field or field[j]), then one line per sample; nan/inf for non-finite values', false),
              'application/zip': mediaBody('NPZ: t, step, one array per field (samples or samples × width) and meta (a 0-d string array of JSON)'),
              'application/vnd.apache.arrow.file': mediaBody('Arrow IPC file (Feather v2) with the CSV columns; the metadata as schema metadata "rnnlab"'),
              'application/octet-stream': mediaBody('NPY: one float64 array, samples × columns, or field= alone'),
            },
          },
        },
        errors: { ...notFound, 422: 'Too large for the npz format (over 4 GiB): use arrow or npy' },
      }),
    },
    async (request, reply) => {
      const { id, runId } = request.params;
      const { rec, meta } = await load(request, id, runId);
      const { format, field } = request.query;
      if (field !== undefined && !(field in rec.fields)) {
        throw errors.validation([{ path: 'querystring.field', message: `"${field}" was not recorded; recorded: ${Object.keys(rec.fields).join(', ')}` }]);
      }
      const download = encodeRecording(rec, meta, format, field);
      reply.type(download.contentType);
      if (format !== 'json') reply.header('Content-Disposition', `attachment; filename="run-${runId}${field ? `-${field}` : ''}.${download.extension}"`);
      reply.header('Link', `</v1/sessions/${id}/runs/${runId}/recording/meta>; rel="describedby"; type="application/json"`);
      return reply.send(download.body);
    },
  );

  app.get(
    '/sessions/:id/runs/:runId/recording/meta',
    {
      schema: operation({
        operationId: 'getRecordingMeta',
        tag: 'runs',
        summary: "The recording's metadata: seed, resolved config, run request, versions, samples, widths and column names",
        auth: 'token',
        params: runParams,
        responses: { 200: { description: 'The metadata', schema: recordingMetaSchema } },
        errors: notFound,
      }),
    },
    async (request) => {
      const { rec, meta } = await load(request, request.params.id, request.params.runId);
      return recordingMeta(rec, meta) as z.output<typeof recordingMetaSchema>;
    },
  );
}
