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
import { daftarTanyaUlang } from './tanya-ulang.ts';
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
 * retention rule (docs/bukti-dukung.md "Retensi"); once the server has it, the device's copy can be
 * dropped with `lepasBerkasTerkirim`. Offline: works.
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

/** Bytes and count of files, as `ringkasanBerkasTerkirim` and `lepasBerkasTerkirim` give them. */
export interface UkuranBerkas {
  byte: number;
  jumlah: number;
}

/**
 * What "Kosongkan berkas terkirim" would free (docs/bukti-dukung.md "Mengosongkan perangkat"): the
 * bytes and count of the files this device attached that the server confirmed it stored
 * (`terkirim`), less those to ask a restored server about again (src/db/tanya-ulang.ts). Offline: works.
 */
export async function ringkasanBerkasTerkirim(db: PantauDB): Promise<UkuranBerkas> {
  let byte = 0;
  let jumlah = 0;
  const tanya = await daftarTanyaUlang(db);
  await db.berkasLokal
    .where('status')
    .equals('terkirim')
    .each((b) => {
      if (tanya.has(b.hash)) return;
      byte += b.ukuran;
      jumlah++;
    });
  return { byte, jumlah };
}

/**
 * Frees the device of its own evidence files the server already stores (issue 15 closing note "a
 * tablet keeps files it uploaded"; docs/bukti-dukung.md "Mengosongkan perangkat"): the `berkasLokal`
 * rows (with their Blobs) in state `terkirim` are removed, except those to ask a restored server
 * about again (src/db/tanya-ulang.ts), in one transaction that reads each row's
 * state inside it, so a file waiting (`lokal`), going out (`mengunggah`) or refused (`ditolak`) is
 * never removed, nor one whose state changes meanwhile (the uploader writes in its own
 * transactions). `terkirim` is only ever set on the server's word: the last byte's answer after it
 * stored and checked the file, or a `HEAD` 200 (src/sync/unggah.ts). The records are untouched; a
 * dropped file is then like another device's: the thumbnail comes from the server (pulled after the
 * next sync, or by the panel when online), the full file is fetched on demand, "Simpan untuk luring"
 * keeps one again. Files kept for offline use (`berkasLuring`) are the person's choice and stay.
 * Returns what was freed. A browser frees the disk space itself, not always at once. Offline: works.
 */
export async function lepasBerkasTerkirim(db: PantauDB): Promise<UkuranBerkas & { hashes: string[] }> {
  return db.transaction('rw', db.berkasLokal, db.meta, async () => {
    // Not those the server said it had before it was restored, until it says so again.
    const tanya = await daftarTanyaUlang(db);
    const terkirim = (await db.berkasLokal.where('status').equals('terkirim').toArray()).filter((b) => !tanya.has(b.hash));
    const hashes = terkirim.map((b) => b.hash);
    await db.berkasLokal.bulkDelete(hashes);
    return { byte: terkirim.reduce((n, b) => n + b.ukuran, 0), jumlah: terkirim.length, hashes };
  });
}
