/**
 * The pemda profile (name, logo, kepala daerah, scoring settings) that headers, PDFs and the
 * PP 11/2017 threshold read. Admin only (mirrored by the server). Offline: stored at once, pushed later.
 */
import type { PantauDB } from '../../db/database.ts';
import { simpan, transaksiTulis, ValidasiError } from '../../db/repo.ts';
import type { RecordOf } from '../../domain/schemas.ts';
import { ZONA_BAWAAN, zonaPemda } from '../../domain/waktu.ts';
import { batasFotoPemda, FOTO_MAKS_KB, FOTO_MAKS_PX } from '../../lib/berkas-bukti.ts';

export type IsianPemda = Pick<RecordOf<'pemda'>, 'nama' | 'jenis' | 'ibukota' | 'logo' | 'kepalaDaerah' | 'pengaturan'>;

/** Logo files the PDF writer understands, and a size that keeps every sync page small. */
export const JENIS_LOGO = ['image/png', 'image/jpeg'] as const;
export const MAKS_LOGO_BYTE = 200 * 1024;

export function isianAwal(p: RecordOf<'pemda'> | null): IsianPemda {
  return p
    ? {
        nama: p.nama,
        jenis: p.jenis,
        ibukota: p.ibukota,
        logo: p.logo,
        kepalaDaerah: { ...p.kepalaDaerah },
        pengaturan: { ...p.pengaturan, zonaWaktu: zonaPemda(p), buktiMaksPx: batasFotoPemda(p).px, buktiMaksKb: batasFotoPemda(p).kb },
      }
    : {
        nama: '',
        jenis: 'kabupaten',
        ibukota: '',
        logo: '',
        kepalaDaerah: { nama: '', nip: '', jabatan: '', pangkat: '' },
        pengaturan: { batasAtas: 100, ambangPejabat: 76, alasanDikecualikan: [], zonaWaktu: ZONA_BAWAAN, buktiMaksPx: FOTO_MAKS_PX, buktiMaksKb: FOTO_MAKS_KB },
      };
}

/**
 * Saves the (single) pemda record, creating it on a fresh installation. Returns field errors or
 * null. `id` null means "the screen saw none": whether one exists is judged again inside the write
 * transaction, so a profile pulled meanwhile is updated instead of doubled (issue 9 point 7).
 */
export async function simpanPemda(db: PantauDB, id: string | null, isian: IsianPemda, oleh: string): Promise<Record<string, string> | null> {
  try {
    await transaksiTulis(db, async () => {
      const tujuan = id ?? (await db.pemda.filter((p) => !p.deleted).first())?.id ?? null;
      return simpan(db, 'pemda', tujuan, isian, oleh);
    });
    return null;
  } catch (e) {
    if (e instanceof ValidasiError) return e.fields;
    throw e;
  }
}

/** Reads a chosen logo file as a data: URL, or says in Indonesian why it cannot be used. */
export async function bacaLogo(file: File): Promise<{ ok: true; dataUrl: string } | { ok: false; pesan: string }> {
  if (!(JENIS_LOGO as readonly string[]).includes(file.type)) return { ok: false, pesan: 'Logo harus berkas PNG atau JPEG' };
  if (file.size > MAKS_LOGO_BYTE) return { ok: false, pesan: `Logo terlalu besar (${Math.ceil(file.size / 1024)} KB; maksimal 200 KB)` };
  const byte = new Uint8Array(await file.arrayBuffer());
  let biner = '';
  for (let i = 0; i < byte.length; i += 0x8000) biner += String.fromCharCode(...byte.subarray(i, i + 0x8000));
  return { ok: true, dataUrl: `data:${file.type};base64,${btoa(biner)}` };
}
