// Shared by `npm start` and the IT tools (`npm run backup|restore|migrate`): runs the compiled
// module from dist-server/ in production (NODE_ENV=production, or when tsx is not installed, as after
// `npm ci --omit=dev`), else the TypeScript source through tsx registered IN THIS PROCESS. Either way
// no child process is left between npm and the server, so SIGTERM/SIGINT reach the server itself
// (docs/deployment.md §"Build produksi").
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const AKAR = resolve(import.meta.dirname, '..');

async function adaTsx() {
  try {
    await import('tsx/esm/api');
    return true;
  } catch {
    return false;
  }
}

/** `nama`: 'server' (src/server/index.ts) or 'alat' (src/server/alat.ts). */
export async function jalankan(nama) {
  const kompilasi = resolve(AKAR, 'dist-server', `${nama}.js`);
  const produksi = process.env.NODE_ENV === 'production' || !(await adaTsx());
  if (produksi) {
    if (!existsSync(kompilasi)) {
      console.error('Server belum dibangun: jalankan `npm run build` (lihat docs/deployment.md).');
      process.exit(1);
    }
    await import(pathToFileURL(kompilasi).href);
    return;
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(resolve(AKAR, 'src/server', nama === 'server' ? 'index.ts' : 'alat.ts')).href);
}
