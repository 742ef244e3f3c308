/**
 * A shaping, cutting TCP proxy on 127.0.0.1 in front of the server (issue 17 §1 and §7: "the
 * flapping link through a shaping proxy"). One shared link per direction:
 *
 * - bandwidth: bytes leave at `kbps` kilobits per second per direction, in segments of at most
 *   1460 bytes (so a cut lands part way through an answer, as on a real link), shared by every
 *   connection (one radio);
 * - latency: each segment arrives `rttMs / 2` after it left;
 * - flapping: from the start, the link is up `upMs`, then down `downMs`, and so on. Going down
 *   destroys every open socket (bytes still queued on the link are lost, never counted) and, while
 *   down, every new connection is reset at once (a phone without signal: connecting fails).
 *
 * `take()` counts the bytes that crossed the link (delivered to the other side), per direction.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface ShapingOptions {
  /** Bandwidth per direction, kilobits per second (1 kbit = 1000 bits). */
  kbps: number;
  /** Round-trip time added by the link. */
  rttMs: number;
  /** Flapping schedule; omit both for a link that never drops. */
  upMs?: number;
  downMs?: number;
}

export interface ShapingStats {
  /** Bytes delivered client → server and server → client. */
  up: number;
  down: number;
  /** Connections accepted while up, reset while down, destroyed by a cut. */
  connections: number;
  refused: number;
  cutSockets: number;
  /** Times the link went down. */
  cuts: number;
}

export interface ShapingProxy {
  url: string;
  /** Counts since the previous call. */
  take(): ShapingStats;
  close(): Promise<void>;
}

const SEGMENT = 1460;

interface Pending {
  to: Socket;
  buf: Buffer;
  at: number;
  dir: 'up' | 'down';
}

/** One direction of the link: a FIFO of segments, each delivered at its own time. */
class Lane {
  #free = 0;
  #queue: Pending[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  constructor(
    readonly bytesPerMs: number,
    readonly delayMs: number,
    readonly deliver: (p: Pending) => void,
  ) {}

  send(to: Socket, data: Buffer, dir: 'up' | 'down'): void {
    for (let i = 0; i < data.length; i += SEGMENT) {
      const buf = data.subarray(i, i + SEGMENT);
      const now = performance.now();
      this.#free = Math.max(this.#free, now) + buf.length / this.bytesPerMs;
      this.#queue.push({ to, buf, at: this.#free + this.delayMs, dir });
    }
    this.#pump();
  }

  #pump(): void {
    if (this.#timer) return;
    const head = this.#queue[0];
    if (!head) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        const now = performance.now();
        while (this.#queue[0] && this.#queue[0].at <= now + 1) this.deliver(this.#queue.shift()!);
        this.#pump();
      },
      Math.max(0, head.at - performance.now()),
    );
  }

  /** The link went down: everything on it is lost. */
  drop(): void {
    this.#queue = [];
    this.#free = 0;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

export function shapingProxy(targetPort: number, o: ShapingOptions): Promise<ShapingProxy> {
  const stats: ShapingStats = { up: 0, down: 0, connections: 0, refused: 0, cutSockets: 0, cuts: 0 };
  const bytesPerMs = (o.kbps * 1000) / 8 / 1000;
  const deliver = (p: Pending) => {
    if (p.to.destroyed) return;
    stats[p.dir] += p.buf.length;
    p.to.write(p.buf);
  };
  const upLane = new Lane(bytesPerMs, o.rttMs / 2, deliver);
  const downLane = new Lane(bytesPerMs, o.rttMs / 2, deliver);
  const sockets = new Set<Socket>();
  let linkUp = true;
  let flap: ReturnType<typeof setTimeout> | null = null;

  const server = createServer((client) => {
    if (!linkUp) {
      stats.refused++;
      client.resetAndDestroy();
      return;
    }
    stats.connections++;
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (b) => upLane.send(upstream, b, 'up'));
    upstream.on('data', (b) => downLane.send(client, b, 'down'));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });

  const goDown = () => {
    linkUp = false;
    stats.cuts++;
    upLane.drop();
    downLane.drop();
    for (const s of sockets) {
      if (s.remotePort !== targetPort) stats.cutSockets++;
      s.resetAndDestroy();
    }
    sockets.clear();
    flap = setTimeout(goUp, o.downMs);
  };
  const goUp = () => {
    linkUp = true;
    flap = setTimeout(goDown, o.upMs);
  };
  if (o.upMs && o.downMs) flap = setTimeout(goDown, o.upMs);

  return new Promise((ok, fail) => {
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      ok({
        url: `http://127.0.0.1:${port}`,
        take() {
          const s = { ...stats };
          Object.assign(stats, { up: 0, down: 0, connections: 0, refused: 0, cutSockets: 0, cuts: 0 });
          return s;
        },
        close: () =>
          new Promise<void>((done) => {
            if (flap) clearTimeout(flap);
            upLane.drop();
            downLane.drop();
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
