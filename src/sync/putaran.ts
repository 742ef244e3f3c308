/**
 * One run at a time, and one more if asked during a run: the scheduling the sync engine and the
 * evidence uploader share (docs/architecture.md, sync layer). `picu()` starts `putaran` or, while a
 * run is going, asks for exactly one more after it and returns the running promise; `lanjut()` says
 * whether a requested extra run may still go (false once stopped or paused). Errors are the caller's:
 * `putaran` should not throw (a throw ends the runs and rejects the promise).
 */
export class PutaranTunggal {
  #jalan: Promise<void> | null = null;
  #lagi = false;

  constructor(
    private readonly putaran: () => Promise<void>,
    private readonly lanjut: () => boolean = () => true,
  ) {}

  /** Whether a run is in progress. */
  get berjalan(): boolean {
    return this.#jalan !== null;
  }

  /** Starts a run, or asks for one more after the run in progress; resolves when the runs end. */
  picu(): Promise<void> {
    if (this.#jalan) {
      this.#lagi = true;
      return this.#jalan;
    }
    const p = (async () => {
      try {
        do {
          this.#lagi = false;
          await this.putaran();
        } while (this.#lagi && this.lanjut());
      } finally {
        this.#jalan = null;
      }
    })();
    this.#jalan = p;
    return p;
  }

  /** Waits until no run is in progress (including runs started meanwhile). */
  async selesai(): Promise<void> {
    while (this.#jalan) await this.#jalan;
  }
}
