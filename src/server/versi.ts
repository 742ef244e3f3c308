/** The running server's version (package.json `version`), for /health and the start banner. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function baca(): string {
  // src/server/ in development (two folders up), dist-server/ in production (one up).
  for (const naik of ['../..', '..']) {
    try {
      const p = JSON.parse(readFileSync(join(import.meta.dirname, naik, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (p.name === 'pantau-kinerja' && p.version) return p.version;
    } catch {
      // try the next folder up
    }
  }
  return '0.0.0';
}

export const VERSI_APLIKASI = baca();
