/**
 * The (OPD, year, quarter) of a per-quarter screen such as #/anggaran?opd=…&tahun=…&tw=… or
 * #/laporan. Year and quarter ARE the shared `periodeAktif` that the header picker shows, so the two
 * never disagree: a link writes its tahun/tw into it, the header moves the screen, and the screen's
 * own buttons move the header. Only the chosen OPD is the screen's own state.
 */
import { periodeAktif } from './periode.svelte.ts';
import type { Triwulan } from '../domain/periode.ts';
import { alamat, angkaQuery, tautan } from './router.svelte.ts';

export class KonteksTriwulan {
  #opdDipilih = $state('');

  constructor(
    readonly rute: string,
    /** An operator's own OPD: links cannot point it elsewhere. */
    readonly opdSendiri: string | null,
  ) {
    this.#opdDipilih = opdSendiri ?? '';
    this.bacaHash();
  }

  get tahun(): number {
    return periodeAktif.current.tahun;
  }
  get tw(): Triwulan {
    return periodeAktif.current.triwulan;
  }
  /** The OPD named by the link or picked on screen ('' = not chosen yet). */
  get opdDipilih(): string {
    return this.#opdDipilih;
  }

  /** Takes OPD, year and quarter from the address when it points at this screen. */
  bacaHash(): void {
    if (alamat.rute !== this.rute) return;
    const q = alamat.query;
    this.#opdDipilih = this.opdSendiri ?? q.get('opd') ?? '';
    const p = periodeAktif.current;
    periodeAktif.current = { tahun: angkaQuery(q, 'tahun', 2000, 2100, p.tahun), triwulan: angkaQuery(q, 'tw', 1, 4, p.triwulan) as Triwulan };
  }

  /** A choice on screen: moves the shared period and rewrites the address to match. */
  ubah(u: { opdId?: string; tahun?: number; periode?: string }, opdSekarang: string): void {
    this.#opdDipilih = this.opdSendiri ?? u.opdId ?? opdSekarang;
    periodeAktif.current = { tahun: u.tahun ?? this.tahun, triwulan: (u.periode ? Number(u.periode) : this.tw) as Triwulan };
    alamat.ganti(tautan(this.rute, new URLSearchParams({ opd: this.#opdDipilih, tahun: String(this.tahun), tw: String(this.tw) })));
  }
}
