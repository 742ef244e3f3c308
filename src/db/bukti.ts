/**
 * Bukti dukung on the device (issue 15; docs/bukti-dukung.md): attaching a file stores its Blob and
 * the `buktiDukung` record with its outbox entry in ONE transaction (docs/architecture.md "Writing
 * data"), so a crash never leaves a record naming a file the tablet does not have, nor a file no
 * record names. The bytes go to the server later, by src/sync/unggah.ts, never in a push.
 *
 * Offline: every function here works without the network.
 */
import { idBaru, type BuktiDukung, type MimeBukti, type RecordOf } from '../domain/schemas.ts';
import type { PantauDB } from './database.ts';
import { hapus, PenyimpananPenuhError, simpanBanyak, tabelTulis, type Tulisan } from './repo.ts';

/** sha256 of a Blob as 64 lowercase hex digits (Web Crypto; the same hash the server checks). */
export async function hashBlob(blob: Blob): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** What `lampirkanBukti` stores: the prepared file (already compressed) and whom it supports. */
export interface BuktiBaru {
  tabel: BuktiDukung['tabel'];
  recordId: string;
  opdId: string;
  blob: Blob;
  nama: string;
  mime: MimeBukti;
  /**
   * Writes that must exist with the evidence, in the same transaction (e.g. the realisasi it belongs
   * to, created empty when nothing was typed for the quarter yet: the server wants the record first).
   */
  induk?: Tulisan[];
}

/**
 * Stores the file (once per content) and its `buktiDukung` record with the outbox entry, in one
 * transaction. The same content attached again to the same record returns the existing record and
 * writes no record; a file the server refused is queued again (the person's retry). A full device is PenyimpananPenuhError (nothing stored). Offline: works; the
 * upload starts when the network returns.
 */
export async function lampirkanBukti(db: PantauDB, b: BuktiBaru, oleh: string, now: Date = new Date()): Promise<BuktiDukung> {
  const hash = await hashBlob(b.blob);
  try {
    return await db.transaction('rw', [...tabelTulis(db), db.berkasLokal], async () => {
      // A file the server refused (type, size, a full quota since raised) is never retried by
      // itself; attaching it again is the person's retry: a fresh upload (docs/bukti-dukung.md "Status berkas").
      const lama = await db.berkasLokal.get(hash);
      if (!lama || lama.status === 'ditolak') {
        await db.berkasLokal.put({
          hash,
          blob: b.blob,
          nama: b.nama,
          mime: b.mime,
          ukuran: b.blob.size,
          tabel: b.tabel,
          recordId: b.recordId,
          opdId: b.opdId,
          status: 'lokal',
          terkirimByte: 0,
          alasan: '',
          urlUnggah: null,
          dibuatPada: now.toISOString(),
        });
      }
      const ada = (await db.buktiDukung.where('[tabel+recordId]').equals([b.tabel, b.recordId]).toArray()).find((x) => !x.deleted && x.hash === hash);
      if (ada) return ada;
      const fields: Partial<RecordOf<'buktiDukung'>> = {
        tabel: b.tabel,
        recordId: b.recordId,
        opdId: b.opdId,
        hash,
        nama: b.nama,
        mime: b.mime,
        ukuran: b.blob.size,
      };
      const hasil = await simpanBanyak(db, [...(b.induk ?? []), { table: 'buktiDukung', id: idBaru(), fields }], oleh, now);
      return hasil.at(-1) as BuktiDukung;
    });
  } catch (e) {
    const err = e as { name?: string; inner?: { name?: string } } | null;
    if (err?.name === 'QuotaExceededError' || err?.inner?.name === 'QuotaExceededError') throw new PenyimpananPenuhError();
    throw e;
  }
}

/**
 * Removes a piece of evidence (a tombstone and its outbox entry). The file stays on the device and
 * on the server: another record may name the same content, and the server keeps files until its
 * retention rule (docs/bukti-dukung.md "Belum dibuat"). Offline: works.
 */
export function hapusBukti(db: PantauDB, id: string, oleh: string, now: Date = new Date()): Promise<void> {
  return hapus(db, 'buktiDukung', id, oleh, now);
}

/**
 * Bappeda's verification (docs/bukti-dukung.md "Verifikasi"): `diterima` or `perbaikan` with a note.
 * An ordinary write of the record; only an admin's is accepted by the server. Offline: works.
 */
export async function verifikasiBukti(
  db: PantauDB,
  id: string,
  status: 'diterima' | 'perbaikan',
  catatan: string,
  oleh: string,
  now: Date = new Date(),
): Promise<BuktiDukung> {
  const [r] = await simpanBanyak(db, [{ table: 'buktiDukung', id, fields: { status, catatanVerifikasi: catatan } }], oleh, now);
  return r as BuktiDukung;
}

/** Bytes of files kept on this device for evidence, and how many still wait to go out. */
export async function ringkasanBerkasLokal(db: PantauDB): Promise<{ byte: number; jumlah: number; menunggu: number }> {
  let byte = 0;
  let jumlah = 0;
  let menunggu = 0;
  await db.berkasLokal.each((b) => {
    byte += b.ukuran;
    jumlah++;
    if (b.status === 'lokal' || b.status === 'mengunggah') menunggu++;
  });
  return { byte, jumlah, menunggu };
}
