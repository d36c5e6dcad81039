/**
 * The AsyncAPI 3 (3.1.0) document of the two WebSocket channels, generated from the zod message schemas of
 * src/contract/stream-messages.ts (JSON Schema draft-07 payloads, the AsyncAPI default) plus the binary frame
 * layout of src/streaming/frame-codec.ts. Served at /asyncapi.json; the committed copy is asyncapi/asyncapi.json
 * (`npm run openapi` writes both). In AsyncAPI 3 an operation is what *this application* (the server) does:
 * `send` = the server sends on the channel, `receive` = it receives.
 */
import { z } from 'zod';
import { version } from '../version.js';
import { experimentServerMessages, frameHeader, sessionClientMessages, sessionServerMessages } from './stream-messages.js';
import { fieldIssueSchema } from './problem.js';
import { experimentProgressSchema, resultRowSchema } from './schemas/experiments.js';
import { runStatusSchema } from './schemas/runs.js';

type Json = Record<string, unknown>;

const SCHEMAS = '#/components/schemas/';

/** JSON Schemas (draft-07) of the given zod schemas, by id; nested registered schemas become shared components. */
function payloads(named: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-7', io, unrepresentable: 'any', uri: (id) => SCHEMAS + id, metadata: z.globalRegistry }) as { schemas: Record<string, Json> };
  for (const s of Object.values(schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  return schemas;
}

const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);
/** The payload schema of message `sessionHello` is `SessionHelloPayload`. */
const payloadId = (messageId: string) => `${capital(messageId)}Payload`;

/** Offsets and types of the binary frame (little-endian), as src/streaming/frame-codec.ts writes it. */
export const frameLayout = [
  { offset: '0', type: 'char[4]', name: 'magic', description: 'ASCII "RNF1"' },
  { offset: '4', type: 'uint32', name: 'headerLength', description: 'H: byte length of the JSON header, padded with spaces to a multiple of 4' },
  { offset: '8', type: 'float64', name: 't', description: 'Model time, in the kind\'s timeUnit' },
  { offset: '16', type: 'float64', name: 'step', description: 'Session step' },
  { offset: '24', type: 'utf8[H]', name: 'header', description: 'JSON (schema FrameHeader): session, run, and each field\'s name, offset and length in float32 values' },
  { offset: '24 + H', type: 'float32[]', name: 'payload', description: 'Field i is payload[offset : offset + length] (a scalar has length 1)' },
];

export function asyncapiDocument(): Json {
  const server = payloads(
    {
      ...Object.fromEntries(Object.entries(sessionServerMessages).map(([k, s]) => [payloadId(`session${capital(k)}`), s])),
      ...Object.fromEntries(Object.entries(experimentServerMessages).map(([k, s]) => [payloadId(`experiment${capital(k)}`), s])),
      FrameHeader: frameHeader,
      // Shared by several messages (and by the OpenAPI document, under the same names).
      RunStatus: runStatusSchema,
      FieldIssue: fieldIssueSchema,
      ExperimentProgress: experimentProgressSchema,
      ResultRow: resultRowSchema,
    },
    'output',
  );
  const client = payloads(Object.fromEntries(Object.entries(sessionClientMessages).map(([k, s]) => [payloadId(`control${capital(k)}`), s])), 'input');
  const schemas = Object.fromEntries(Object.entries({ ...server, ...client }).sort(([a], [b]) => a.localeCompare(b)));

  const messages: Record<string, Json> = {};
  const message = (id: string, schema: z.ZodType, title: string): string => {
    messages[id] = { name: id, title, summary: schema.description ?? title, contentType: 'application/json', payload: { $ref: SCHEMAS + payloadId(id) } };
    return id;
  };
  const sessionOut = Object.fromEntries(Object.entries(sessionServerMessages).map(([k, s]) => [k, message(`session${capital(k)}`, s, `${k} (server → client)`)]));
  const sessionIn = Object.fromEntries(Object.entries(sessionClientMessages).map(([k, s]) => [`control${capital(k)}`, message(`control${capital(k)}`, s, `${k} (client → server)`)]));
  const experimentOut = Object.fromEntries(Object.entries(experimentServerMessages).map(([k, s]) => [k, message(`experiment${capital(k)}`, s, `${k} (server → client)`)]));
  messages.sessionFrameBinary = {
    name: 'sessionFrameBinary',
    title: 'frame, binary (server → client)',
    summary: 'A frame, encoding=binary (the default): little-endian, readable with numpy.frombuffer and typed-array views',
    description: [
      'One binary WebSocket message per frame:',
      '',
      '| offset | type | content |',
      '|---|---|---|',
      ...frameLayout.map((f) => `| ${f.offset} | ${f.type} | ${f.name}: ${f.description} |`),
    ].join('\n'),
    contentType: 'application/octet-stream',
    payload: { type: 'string', format: 'binary' },
    'x-rnnlab-frame-layout': frameLayout,
    'x-rnnlab-frame-header': { $ref: SCHEMAS + 'FrameHeader' },
  };

  const ref = (channel: string, ids: string[]) => ids.map((m) => ({ $ref: `#/channels/${channel}/messages/${m}` }));
  const channelMessages = (names: Record<string, string>) => Object.fromEntries(Object.entries(names).map(([k, id]) => [k, { $ref: `#/components/messages/${id}` }]));
  const sessionEvents = Object.keys(sessionOut).filter((k) => k !== 'frame' && !['ack', 'state', 'error'].includes(k));

  return {
    asyncapi: '3.1.0',
    info: {
      title: 'rnnlab streams',
      version,
      description:
        'The WebSocket channels of rnnlab: a session\'s frames and events with its control messages, and an experiment\'s progress. ' +
        'The HTTP API is described by the OpenAPI document at /openapi.json. Every socket first receives a hello. In token mode the ' +
        'token goes in the Authorization header or, from a browser (which cannot set headers on a WebSocket), as ?token=.',
      license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
    },
    defaultContentType: 'application/json',
    servers: {
      rnnlab: {
        host: '127.0.0.1:8080',
        protocol: 'ws',
        description: 'An rnnlab server (`npm start`); wss behind TLS',
        security: [{ $ref: '#/components/securitySchemes/bearer' }, { $ref: '#/components/securitySchemes/queryToken' }],
      },
    },
    channels: {
      sessionStream: {
        address: '/v1/sessions/{id}/stream',
        title: 'Session stream',
        description:
          'Frames (every frameEvery steps of a run; a paced run at its fps, an unpaced one at most MAX_FRAME_RATE per second, the newest ' +
          'frame each time) and JSON events of one session; many clients per session. A client joining mid-run first gets the latest frame. ' +
          'Events are never dropped; frames are dropped for a client whose socket is backed up (it is told with dropped).',
        parameters: { id: { description: 'Session id' } },
        messages: { ...channelMessages(sessionOut), frameBinary: { $ref: '#/components/messages/sessionFrameBinary' }, ...channelMessages(sessionIn) },
        bindings: {
          ws: {
            method: 'GET',
            query: {
              type: 'object',
              properties: {
                encoding: { type: 'string', enum: ['binary', 'json'], default: 'binary', description: 'How frames are sent' },
                token: { type: 'string', description: 'Bearer token, in token mode, when the Authorization header cannot be set' },
              },
              additionalProperties: false,
            },
            bindingVersion: '0.1.0',
          },
        },
      },
      experimentStream: {
        address: '/v1/experiments/{id}/stream',
        title: 'Experiment stream',
        description: 'Progress of one experiment: hello, a progress event per finished task, a status event at the end (then the server closes the socket).',
        parameters: { id: { description: 'Experiment id' } },
        messages: channelMessages(experimentOut),
        bindings: {
          ws: {
            method: 'GET',
            query: { type: 'object', properties: { token: { type: 'string', description: 'Bearer token, in token mode' } }, additionalProperties: false },
            bindingVersion: '0.1.0',
          },
        },
      },
    },
    operations: {
      sendSessionFrames: {
        action: 'send',
        title: 'Frames',
        summary: 'The server sends frames while a run goes on: binary (encoding=binary) or JSON (encoding=json)',
        channel: { $ref: '#/channels/sessionStream' },
        messages: ref('sessionStream', ['frameBinary', 'frame']),
      },
      sendSessionEvents: {
        action: 'send',
        title: 'Session events',
        summary: 'The server sends the hello, then run status, progress, live changes, drop reports, reset and closed to every client of the session',
        channel: { $ref: '#/channels/sessionStream' },
        messages: ref('sessionStream', sessionEvents),
      },
      receiveSessionControl: {
        action: 'receive',
        title: 'Control',
        summary: 'The server receives control messages: pause, resume, stop, set (live parameters), state; it answers the sender with ack, state or error',
        channel: { $ref: '#/channels/sessionStream' },
        messages: ref('sessionStream', Object.keys(sessionIn)),
        reply: { channel: { $ref: '#/channels/sessionStream' }, messages: ref('sessionStream', ['ack', 'state', 'error']) },
      },
      sendExperimentProgress: {
        action: 'send',
        title: 'Experiment progress',
        summary: 'The server sends the hello, a progress event per finished task and the final status',
        channel: { $ref: '#/channels/experimentStream' },
        messages: ref('experimentStream', Object.keys(experimentOut)),
      },
    },
    components: {
      schemas,
      messages,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Token mode: Authorization: Bearer <token> on the upgrade request' },
        queryToken: { type: 'httpApiKey', name: 'token', in: 'query', description: 'Token mode, from a browser: ?token=<token> (accepted on WebSocket upgrades only)' },
      },
    },
  };
}

let cached: Json | undefined;
/** The document, built once per process (it depends on nothing but the schemas). */
export function asyncapi(): Json {
  return (cached ??= asyncapiDocument());
}
