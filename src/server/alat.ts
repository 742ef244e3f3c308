/**
 * The IT staff's tools (docs/deployment.md): `npm run backup`, `npm run restore -- <file>` and
 * `npm run migrate`. Same environment as the server (DATABASE_URL or DATA_DIR; BACKUP_DIR for
 * where backups go, default ./cadangan). Messages in Indonesian; exit code 0 on success.
 */
import { resolve } from 'node:path';
import { cadangkan, GalatCadangan, perbarui, pulihkan, type Penyimpanan } from './cadangan.ts';
import { bacaEnv } from './env.ts';
import { folderBerkas } from './berkas.ts';

const PAKAI = `Pemakaian:
  npm run backup                     buat berkas cadangan di BACKUP_DIR (bawaan ./cadangan)
  npm run restore -- <berkas>        pulihkan dari berkas cadangan (server harus berhenti)
  npm run migrate                    cadangkan lalu perbarui skema basis data dalam satu transaksi
Lihat docs/deployment.md.`;

async function utama(argv: string[]): Promise<number> {
  const [perintah, ...sisa] = argv;
  const env = bacaEnv(process.env, []);
  const p: Penyimpanan = env.DATABASE_URL
    ? { jenis: 'postgres', url: env.DATABASE_URL, berkasDir: folderBerkas(env.DATA_DIR) }
    : { jenis: 'pglite', dataDir: resolve(env.DATA_DIR) };
  const dir = resolve(process.env.BACKUP_DIR || './cadangan');
  const nama = p.jenis === 'postgres' ? 'PostgreSQL' : `PGlite di ${p.dataDir}`;
  if (perintah === 'backup') {
    const berkas = await cadangkan(p, dir);
    console.log(`Cadangan ${nama} dibuat: ${berkas}`);
    // docs/bukti-dukung.md "Penyimpanan": files in a bucket are not in DATA_DIR, so not in this backup.
    if (env.BERKAS_S3_BUCKET)
      console.log(
        `Perhatian: berkas bukti dukung disimpan di bucket S3 "${env.BERKAS_S3_BUCKET}" dan TIDAK ikut cadangan ini; cadangkan bucket itu sendiri (versioning atau replikasi).`,
      );
    return 0;
  }
  if (perintah === 'restore') {
    const berkas = sisa.find((a) => !a.startsWith('-'));
    if (!berkas) {
      console.error(`Sebutkan berkas cadangan.\n${PAKAI}`);
      return 2;
    }
    // npm runs scripts in the project folder; a relative path means where the user typed it.
    const jalur = resolve(process.env.INIT_CWD || process.cwd(), berkas);
    const h = await pulihkan(p, jalur);
    console.log(`Basis data ${nama} dipulihkan dari ${jalur}.`);
    if (h.disimpanDi) console.log(`Folder data sebelumnya disimpan di ${h.disimpanDi} (hapus bila sudah tidak perlu).`);
    console.log(
      `Identitas basis data baru (epoch): ${h.epoch}, rev ${h.rev}. Tablet akan mengambil ulang semua data dan mengirim perubahan yang belum terkirim.`,
    );
    return 0;
  }
  if (perintah === 'migrate') {
    const h = await perbarui(p, dir, { tanpaCadangan: sisa.includes('--tanpa-cadangan') });
    if (h.cadangan) console.log(`Cadangan sebelum pembaruan: ${h.cadangan}`);
    console.log(
      h.diterapkan.length
        ? `Migrasi ${h.diterapkan.join(', ')} diterapkan dalam satu transaksi; skema sekarang versi ${h.versi}.`
        : `Skema sudah versi terbaru (${h.versi}).`,
    );
    return 0;
  }
  console.error(PAKAI);
  return 2;
}

utama(process.argv.slice(2)).then(
  (kode) => process.exit(kode),
  (e: unknown) => {
    console.error(e instanceof GalatCadangan || e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
