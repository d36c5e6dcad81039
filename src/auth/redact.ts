/**
 * Secrets never reach the logs. A WebSocket client from a browser can only send its token in the query
 * (`?token=`), and URLs are logged (pino's `req` serializer, plugins that log a raw URL): every logged URL has the
 * value of any `token` parameter replaced, whatever its case or percent-encoding (`%74oken=` is the same key to
 * the query parser, so it must be to the redaction too).
 */

const SECRET_KEYS = new Set(['token', 'access_token']);
export const REDACTED = '[redacted]';

function decodedKey(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).trim().toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/** `url` with the value of every secret query parameter replaced by "[redacted]"; the path is left as it is. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const parts = query.split('&').map((part) => {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    return SECRET_KEYS.has(decodedKey(key)) ? `${key}=${REDACTED}` : part;
  });
  return `${url.slice(0, q + 1)}${parts.join('&')}${hash < 0 ? '' : url.slice(hash)}`;
}

/** Keys of a log line whose string value may be a URL (fastify's `req.url`, @fastify/websocket's `path`…). */
const URL_KEYS = ['url', 'path', 'originalUrl'];

function scrub(obj: Record<string, unknown>): Record<string, unknown> {
  let out = obj;
  for (const key of URL_KEYS) {
    const v = obj[key];
    if (typeof v === 'string' && v.includes('?')) {
      const red = redactUrl(v);
      if (red !== v) out = { ...out, [key]: red };
    }
  }
  return out;
}

interface LoggerOptions {
  serializers?: Record<string, (value: any) => unknown>;
  formatters?: { log?: (obj: Record<string, unknown>) => Record<string, unknown>; [k: string]: unknown };
  redact?: unknown;
  [k: string]: unknown;
}

/**
 * Fastify logger options with the redaction added: the `req` serializer logs a redacted URL, every log line's URL
 * fields are scrubbed (plugins log raw URLs under their own keys), and credential headers are censored should
 * anything log the headers. `false` (no logging) stays false.
 */
export function withRedaction(logger: boolean | Record<string, unknown>): boolean | Record<string, unknown> {
  if (logger === false) return false;
  const base: LoggerOptions = logger === true ? {} : { ...(logger as LoggerOptions) };
  const userReq = base.serializers?.req;
  const userLog = base.formatters?.log;
  return {
    ...base,
    serializers: {
      ...base.serializers,
      req(req: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
        const value = userReq
          ? (userReq(req) as Record<string, unknown>)
          : { method: req.method, url: req.url, host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
        return scrub(value);
      },
    },
    formatters: {
      ...base.formatters,
      log(obj: Record<string, unknown>) {
        return scrub(userLog ? userLog(obj) : obj);
      },
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'],
      censor: REDACTED,
    },
  };
}
