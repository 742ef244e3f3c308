/**
 * A byte-counting TCP proxy on 127.0.0.1 in front of the server: everything the browser sends and
 * receives, exactly as on the wire (request line, headers, body, chunk framing). `take()` returns
 * what passed since the last call, split into header and body bytes per direction.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface Message {
  header: number;
  body: number;
  /** The request line or status line, for the report. */
  first: string;
  /** Header names in order (values are not kept: they hold the bearer token). */
  names: string[];
}
export interface Traffic {
  up: number;
  down: number;
  requests: Message[];
  responses: Message[];
}

/** Splits a captured byte stream into HTTP/1.1 messages at their start lines; header = up to CRLFCRLF. */
function messages(buf: Buffer, startLine: RegExp): Message[] {
  const text = buf.toString('latin1'); // one char per byte, so indexes are byte offsets
  const starts = [...text.matchAll(startLine)].map((m) => m.index);
  if (starts[0] !== 0 && text.length) starts.unshift(0);
  return starts.map((start, k) => {
    const stop = starts[k + 1] ?? text.length;
    const end = text.indexOf('\r\n\r\n', start);
    const header = end >= 0 && end < stop ? end + 4 - start : stop - start;
    const lines = text.slice(start, start + header).split('\r\n');
    const names = lines
      .slice(1)
      .filter(Boolean)
      .map((l) => l.slice(0, l.indexOf(':')));
    return { header, body: stop - start - header, first: lines[0] ?? '', names };
  });
}

const REQUEST_LINE = /(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S+ HTTP\/1\.[01]\r\n/g;
const STATUS_LINE = /HTTP\/1\.[01] \d{3}[^\r\n]*\r\n/g;

export interface CountingProxy {
  url: string;
  /** Traffic since the previous take() (waits `settleMs` for in-flight bytes first). */
  take(settleMs?: number): Promise<Traffic>;
  close(): Promise<void>;
}

export function countingProxy(targetPort: number): Promise<CountingProxy> {
  let up: Buffer[] = [];
  let down: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (b) => {
      up.push(b);
      upstream.write(b);
    });
    upstream.on('data', (b) => {
      down.push(b);
      client.write(b);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  return new Promise((ok, fail) => {
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      ok({
        url: `http://127.0.0.1:${port}`,
        async take(settleMs = 100) {
          await new Promise((r) => setTimeout(r, settleMs));
          const u = Buffer.concat(up);
          const d = Buffer.concat(down);
          up = [];
          down = [];
          return {
            up: u.length,
            down: d.length,
            requests: messages(u, REQUEST_LINE),
            responses: messages(d, STATUS_LINE),
          };
        },
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
