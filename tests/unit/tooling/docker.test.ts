/**
 * deploy/Dockerfile and .dockerignore agree with the build and the other ways of running the server
 * (issue 14 point 1; docs/deployment.md §9). No Docker engine runs on the CI machine, so the image
 * itself is not built here; the steps it runs (npm ci, npm run build, npm prune --omit=dev, node
 * dist-server/server.js) are the ones tests/e2e/deploy.test.ts follows for the systemd install.
 * This test keeps the two from drifting apart.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const akar = new URL('../../../', import.meta.url);
const baca = (p: string) => readFileSync(new URL(p, akar), 'utf8');
const dockerfile = baca('deploy/Dockerfile');
const abaikan = baca('.dockerignore')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

describe('deploy/Dockerfile', () => {
  it('runs the file the build writes and the systemd unit runs', () => {
    const cmd = /^CMD \["node", "([^"]+)"\]$/m.exec(dockerfile)?.[1];
    expect(cmd).toBe('dist-server/server.js');
    expect(baca('scripts/build-server.mjs')).toMatch(/entryPoints: \{ server: 'src\/server\/index\.ts'.*outdir: 'dist-server'/s);
    expect(baca('deploy/pantau-kinerja@.service')).toContain(`ExecStart=/usr/bin/node ${cmd}`);
  });

  it('builds with the full toolchain, then ships only the runtime dependencies and the two builds', () => {
    expect(dockerfile).toMatch(/RUN npm ci[^\n]*\n[\s\S]*RUN npm run build && npm prune --omit=dev/);
    const salinan = [...dockerfile.matchAll(/^COPY --from=bangun \/app\/(\S+)/gm)].map((m) => m[1]);
    expect(salinan).toEqual(['package.json', 'node_modules', 'dist', 'dist-server']);
    // Backups need pg_dump/pg_restore of the server's major version (Debian 12: PostgreSQL 15).
    expect(dockerfile).toContain('postgresql-client-15');
    expect(baca('deploy/compose.yaml')).toContain('image: postgres:15-');
  });

  it('.dockerignore keeps the local database, secrets and builds out, and no tracked source', () => {
    for (const p of ['.git', 'node_modules', 'data', 'dist', 'dist-server', 'cadangan', 'deploy/.env']) expect(abaikan).toContain(p);
    expect(abaikan.every((p) => /^[\w./-]+$/.test(p))).toBe(true); // plain paths, no globs
    const dilacak = execFileSync('git', ['ls-files'], { cwd: akar, encoding: 'utf8' }).split('\n').filter(Boolean);
    const hilang = dilacak.filter((f) => abaikan.some((p) => f === p || f.startsWith(`${p}/`) || f.includes(`/${p}/`)));
    expect(hilang).toEqual([]);
  });
});
