// `npm run backup`, `npm run restore -- <berkas>`, `npm run migrate` (src/server/alat.ts; docs/deployment.md).
import { jalankan } from './jalankan.mjs';

await jalankan('alat');
