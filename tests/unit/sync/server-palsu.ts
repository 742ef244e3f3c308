/**
 * A small in-memory server speaking the /api/v1 sync protocol (docs/sync-protocol.md) for engine tests
 * that must not depend on the real server: seq idempotency and gaps, field-level conflicts with
 * konflik records, rejections (schema, locked period), pull paging, 401 on expired tokens, and a
 * switch that drops the next response AFTER the server applied the request (a lost answer).
 */
import { idAlami, pesanZod, recordSchemas, type NamaTabel, type User } from '../../../src/domain/schemas.ts';
import { pushRequestSchema, type Change, type MutationResult } from '../../../src/shared/protocol.ts';

interface Simpanan {
  table: NamaTabel;
  record: Record<string, unknown>;
  rev: number;
  medan: Map<string, { rev: number; clientId: string }>;
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const galat = (status: number, code: string, message: string) => json(status, { error: { code, message } });

export class ServerPalsu {
  rev = 0;
  readonly records = new Map<string, Simpanan>();
  readonly changes: Change[] = [];
  readonly lastSeq = new Map<string, number>();
  readonly hasil = new Map<string, MutationResult>();
  readonly tokens = new Map<string, { user: User; kedaluwarsa: boolean }>();
  /** Drop the answer of the next push after applying it. */
  hilangkanJawabanPush = 0;
  /** Fail the next N requests with a network error before they reach the server. */
  putusJaringan = 0;
  jumlahPush = 0;
  gzipDiterima = 0;

  masukkanToken(token: string, user: User): void {
    this.tokens.set(token, { user, kedaluwarsa: false });
  }

  fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (this.putusJaringan > 0) {
      this.putusJaringan--;
      throw new TypeError('fetch failed');
    }
    const req = input instanceof Request ? input : new Request(new URL(String(input), 'http://uji'), init);
    const url = new URL(req.url);
    const auth = req.headers.get('Authorization')?.replace(/^Bearer /, '');
    const sesi = auth ? this.tokens.get(auth) : undefined;
    if (!sesi) return galat(401, 'unauthorized', 'Belum masuk');
    if (sesi.kedaluwarsa) return galat(401, 'token_expired', 'Sesi kedaluwarsa');
    // The event stream opens with a one-time ticket (docs/security.md), never the token in its URL.
    if (url.pathname === '/api/v1/auth/tiket' && req.method === 'POST')
      return json(200, { tiket: `tiket-${auth}`, expiresAt: new Date(Date.now() + 60_000).toISOString() });
    if (url.pathname === '/api/v1/sync/push' && req.method === 'POST') {
      let teks: string;
      if (req.headers.get('Content-Encoding') === 'gzip') {
        this.gzipDiterima++;
        teks = await new Response(req.body!.pipeThrough(new DecompressionStream('gzip'))).text();
      } else teks = await req.text();
      const res = this.push(JSON.parse(teks));
      if (this.hilangkanJawabanPush > 0) {
        this.hilangkanJawabanPush--;
        throw new TypeError('connection reset');
      }
      return res;
    }
    if (url.pathname === '/api/v1/sync/pull') {
      const since = Number(url.searchParams.get('since') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 1000);
      const sesudah = this.changes.filter((c) => c.rev > since);
      const page = sesudah.slice(0, limit);
      return json(200, { changes: page, next: page.at(-1)?.rev ?? since, more: sesudah.length > limit });
    }
    const m = url.pathname.match(/^\/api\/v1\/records\/(\w+)\/([\w-]+)$/);
    if (m) {
      const s = this.records.get(`${m[1]}:${m[2]}`);
      return s ? json(200, { record: { ...s.record, rev: s.rev } }) : galat(404, 'not_found', 'Tidak ditemukan');
    }
    return galat(404, 'not_found', 'Tidak ditemukan');
  };

  #catat(s: Simpanan): void {
    this.rev++;
    s.rev = this.rev;
    s.record = { ...s.record, rev: this.rev };
    this.changes.push({ table: s.table, key: String(s.record.id), rev: this.rev, deleted: Boolean(s.record.deleted), record: s.record });
  }

  #terkunci(table: NamaTabel, rec: Record<string, unknown>): boolean {
    let tw: number | null = null;
    if (table === 'realisasi') tw = ({ TW1: 1, TW2: 2, TW3: 3, TW4: 4, '100H': 2, '6B': 2, '1T': 4 } as Record<string, number>)[String(rec.periode)] ?? null;
    if (table === 'realisasiAnggaran' || table === 'laporan') tw = Number(rec.triwulan);
    if (tw === null) return false;
    const kunci = this.records.get(`kunciPeriode:${idAlami.kunciPeriode(Number(rec.tahun), tw)}`);
    return Boolean(kunci && kunci.record.terkunci && !kunci.record.deleted);
  }

  push(body: unknown): Response {
    this.jumlahPush++;
    const p = pushRequestSchema.safeParse(body);
    if (!p.success) return galat(400, 'invalid', pesanZod(p.error));
    const { clientId, mutations } = p.data;
    const results: MutationResult[] = [];
    for (const m of mutations) {
      const terakhir = this.lastSeq.get(clientId) ?? 0;
      if (m.seq <= terakhir) {
        const lama = this.hasil.get(`${clientId}:${m.seq}`);
        if (lama) results.push(lama);
        continue;
      }
      if (m.seq !== terakhir + 1) return json(409, { error: { code: 'seq_gap', message: 'Urutan terputus' }, lastSeq: terakhir });
      const r = this.#terapkan(clientId, m);
      this.hasil.set(`${clientId}:${m.seq}`, r);
      this.lastSeq.set(clientId, m.seq);
      results.push(r);
    }
    return json(200, { results, lastSeq: this.lastSeq.get(clientId) ?? 0, rev: this.rev });
  }

  #terapkan(clientId: string, m: (typeof pushRequestSchema)['_output']['mutations'][number]): MutationResult {
    const k = `${m.table}:${m.key}`;
    const ada = this.records.get(k);
    const schema = recordSchemas[m.table];
    if (m.table === 'konflik') {
      // As the real server (docs/sync-protocol.md "Resolving a konflik"): konflik records change only by
      // one resolution put, which writes the chosen value into the record and closes the konflik.
      const tolak = (reason: string): MutationResult => ({ seq: m.seq, status: 'rejected', kode: 'konflik', reason });
      if (!ada || m.op === 'delete' || m.fields.status !== 'selesai') return tolak('Konflik hanya diselesaikan');
      if (ada.record.status === 'selesai')
        return ada.record.penyelesaian === m.fields.penyelesaian ? { seq: m.seq, status: 'applied', rev: ada.rev } : tolak('Sudah diselesaikan');
      const sasaran = this.records.get(`${String(ada.record.tabel)}:${String(ada.record.recordId)}`);
      const field = String(ada.record.field);
      if (m.fields.penyelesaian === 'masuk' && sasaran && field !== '_deleted') {
        sasaran.record = { ...sasaran.record, [field]: ada.record.nilaiMasuk };
        this.#catat(sasaran);
        sasaran.medan.set(field, { rev: sasaran.rev, clientId });
      }
      ada.record = { ...ada.record, status: 'selesai', penyelesaian: m.fields.penyelesaian, diselesaikanOleh: String(m.fields.diselesaikanOleh ?? clientId) };
      this.#catat(ada);
      return { seq: m.seq, status: 'applied', rev: ada.rev };
    }
    if (m.op === 'delete') {
      if (!ada) return { seq: m.seq, status: 'rejected', kode: 'lain', reason: 'Data tidak ditemukan' };
      ada.record = { ...ada.record, deleted: true };
      this.#catat(ada);
      return { seq: m.seq, status: 'applied', rev: ada.rev };
    }
    if (!ada) {
      const v = schema.safeParse({ ...m.fields, id: m.key, rev: 0, updatedAt: m.at, updatedBy: clientId, deleted: false });
      if (!v.success) return { seq: m.seq, status: 'rejected', kode: 'validasi', reason: pesanZod(v.error) };
      const rec = v.data as Record<string, unknown>;
      if (this.#terkunci(m.table, rec)) return { seq: m.seq, status: 'rejected', kode: 'kunci', reason: 'Periode sudah dikunci' };
      const s: Simpanan = { table: m.table, record: rec, rev: 0, medan: new Map() };
      this.records.set(k, s);
      this.#catat(s);
      for (const f of Object.keys(m.fields)) s.medan.set(f, { rev: s.rev, clientId });
      return { seq: m.seq, status: 'applied', rev: s.rev };
    }
    if (ada.record.deleted) {
      const id = idAlami.konflik(m.table, m.key, '_deleted', `${String(this.rev + 1)}`);
      this.#catat(ada);
      this.#konflik(id, m.table, m.key, '_deleted', true, m.fields, clientId, m.at);
      return { seq: m.seq, status: 'conflict', rev: ada.rev, konflikIds: [id] };
    }
    const baru = { ...ada.record };
    const bentrok: string[] = [];
    let lainBerubah = false;
    for (const [f, v] of Object.entries(m.fields)) {
      const meta = ada.medan.get(f);
      const berubahLain = meta && meta.rev > m.baseRev && meta.clientId !== clientId;
      if (berubahLain && JSON.stringify(v) !== JSON.stringify(ada.record[f])) bentrok.push(f);
      else baru[f] = v;
    }
    for (const [f, meta] of ada.medan) if (!(f in m.fields) && meta.rev > m.baseRev && meta.clientId !== clientId) lainBerubah = true;
    const v = schema.safeParse(baru);
    if (!v.success) return { seq: m.seq, status: 'rejected', kode: 'validasi', reason: pesanZod(v.error) };
    if (this.#terkunci(m.table, v.data as Record<string, unknown>)) return { seq: m.seq, status: 'rejected', kode: 'kunci', reason: 'Periode sudah dikunci' };
    const lamaRec = ada.record;
    ada.record = v.data as Record<string, unknown>;
    this.#catat(ada);
    for (const f of Object.keys(m.fields)) if (!bentrok.includes(f)) ada.medan.set(f, { rev: ada.rev, clientId });
    const ids = bentrok.map((f) => {
      const id = idAlami.konflik(m.table, m.key, f, String(ada.rev));
      this.#konflik(id, m.table, m.key, f, lamaRec[f], m.fields[f], clientId, m.at);
      return id;
    });
    if (ids.length) return { seq: m.seq, status: 'conflict', rev: ada.rev, konflikIds: ids };
    return { seq: m.seq, status: lainBerubah ? 'merged' : 'applied', rev: ada.rev };
  }

  #konflik(id: string, tabel: string, recordId: string, field: string, nilaiServer: unknown, nilaiMasuk: unknown, olehMasuk: string, pada: string): void {
    const rec = recordSchemas.konflik.parse({
      id,
      updatedAt: new Date(0).toISOString(),
      tabel,
      recordId,
      field,
      nilaiServer,
      nilaiMasuk,
      olehMasuk,
      padaMasuk: pada,
    });
    const s: Simpanan = { table: 'konflik', record: rec as Record<string, unknown>, rev: 0, medan: new Map() };
    this.records.set(`konflik:${id}`, s);
    this.#catat(s);
  }
}
