/**
 * A CouchDB-compatible server in this Node process for the tablet-push benchmark: express-pouchdb
 * ("minimumForPouchDB" mode, what PouchDB's replication needs) over PouchDB's in-memory adapter, on
 * 127.0.0.1. `/__bench` is a blank page that loads the bench module from `moduleUrl`, so the
 * PouchDB side runs same-origin with its server (no CORS preflights), as the app does with its own.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import expressPouchdb from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import memory from 'pouchdb-adapter-memory';
import { ROOT } from './bench.ts';

export interface PouchServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function pouchServer(moduleUrl: string): Promise<PouchServer> {
  const P = PouchDB.plugin(memory).defaults({ adapter: 'memory' });
  const couch = expressPouchdb(P, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: join(ROOT, '.tmp/express-pouchdb.log') });
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title><script type="module" src="${moduleUrl}"></script></head><body></body></html>`;
  const server: Server = createServer((req, res) => {
    if (req.url === '/__bench') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page);
      return;
    }
    if (req.url === '/favicon.ico') {
      res.writeHead(404).end();
      return;
    }
    couch(req, res);
  });
  return new Promise((ok, fail) => {
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      ok({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
