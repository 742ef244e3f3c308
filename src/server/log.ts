/**
 * Structured request logs (docs/deployment.md §"Pemantauan"): one JSON line per request through
 * pino, to stdout (journald or `docker logs` keep them). A line has the method, the path WITHOUT
 * the query string (EventSource sends its one-time ticket there), the status, the duration in ms, the
 * signed-in username when there is one, and the peer address. Headers and bodies are never logged,
 * so tokens, passwords and cookies never reach the log; pino's redaction also covers the usual
 * secret keys should any code log an object carrying them.
 */
import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Lingkungan } from './http.ts';

export type { Logger };

/** Keys pino blanks out wherever they appear (one level deep and in headers). */
export const KEY_RAHASIA = [
  'password',
  'token',
  'authorization',
  'cookie',
  'passwordHash',
  '*.password',
  '*.token',
  '*.authorization',
  '*.cookie',
  '*.passwordHash',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** LOG_LEVEL: fatal, error, warn, info (default), debug, trace or silent. */
export function buatLogger(opsi: { level?: string | undefined; tujuan?: DestinationStream } = {}): Logger {
  return pino(
    { level: opsi.level ?? 'info', base: { app: 'pantau-kinerja' }, redact: { paths: KEY_RAHASIA, censor: '[disembunyikan]' } },
    opsi.tujuan ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** One log line per request (see the module comment for what it holds and never holds). */
export function logPermintaan(log: Logger): MiddlewareHandler<Lingkungan> {
  return async (c, next) => {
    const mulai = performance.now();
    let galat: unknown = null;
    try {
      await next();
    } catch (e) {
      galat = e;
      throw e;
    } finally {
      let ip: string | undefined;
      try {
        ip = getConnInfo(c).remote.address;
      } catch {
        ip = undefined; // app.request() in tests has no socket
      }
      const status = galat ? 500 : c.res.status;
      const baris = {
        method: c.req.method,
        path: c.req.path,
        status,
        ms: Math.round((performance.now() - mulai) * 10) / 10,
        user: c.get('user')?.username,
        ip,
      };
      if (status >= 500) log.error(baris, 'permintaan');
      else if (status >= 400) log.warn(baris, 'permintaan');
      else log.info(baris, 'permintaan');
    }
  };
}
