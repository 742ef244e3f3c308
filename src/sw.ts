/// <reference lib="webworker" />
/**
 * The service worker: every file of the build available offline, in two stages, and the previous
 * build kept servable for tabs left open across a deploy (docs/offline.md §1–2).
 *
 * - Stage 1 (install): the shell — what index.html loads statically, icons, manifest — so the first
 *   visit's install costs little more than the page itself. On an UPDATE (an older worker is active)
 *   install fetches the WHOLE build before the new version can become active: the new version's
 *   offline copy is complete before the old one is dropped.
 * - Stage 2 (after activation, first install only): every other file (screens, jsPDF, Chart.js,
 *   spreadsheets, fonts) is fetched in the background. The page asks for it (`LENGKAPI`) on every
 *   load until the copy is complete and shows the progress (lib/luring.svelte.ts).
 * - One cache per build (`pantau-<versi>`). Activation deletes all but the current and the newest
 *   previous build, so a tab still running the previous build keeps loading its own chunks offline
 *   until the person taps "Muat ulang".
 *
 * Workbox-precaching keeps a single cache and deletes the previous build's entries on activation,
 * which breaks exactly the open-tab case above; hence this small own precache (see docs/offline.md).
 */
export {};
declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<EntriManifest> };

/** A precache entry injected at build time; `lanjutan` marks stage-2 files (vite.config.ts). */
interface EntriManifest {
  url: string;
  revision: string | null;
  lanjutan?: boolean;
}

const MANIFEST: EntriManifest[] = self.__WB_MANIFEST;
const AWALAN = 'pantau-';
/** Build version: a short hash of every url+revision (hashed chunk names change with their content). */
const VERSI = (() => {
  let h = 2166136261;
  for (const e of MANIFEST) for (const ch of `${e.url}|${e.revision ?? ''};`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h.toString(36);
})();
const CACHE = AWALAN + VERSI;
/** Pseudo entry in every build's cache: its manifest and when it was completed. */
const META = '/__pantau-meta.json';

interface Meta {
  versi: string;
  manifest: EntriManifest[];
  dipasang: number;
}

const urlAbsolut = (u: string) => new URL(u, self.registration.scope).href;
const kunci = (e: EntriManifest) => urlAbsolut(e.url);

/** Same-revision copy from an older build's cache (hashed chunks rarely change between builds). */
async function dariCacheLama(e: EntriManifest): Promise<Response | null> {
  for (const nama of await caches.keys()) {
    if (!nama.startsWith(AWALAN) || nama === CACHE) continue;
    const c = await caches.open(nama);
    const meta = (await (await c.match(META))?.json().catch(() => null)) as Meta | null;
    const lama = meta?.manifest.find((m) => m.url === e.url);
    if (!lama || lama.revision !== e.revision) continue;
    const r = await c.match(kunci(e));
    if (r) return r;
  }
  return null;
}

/** Puts one entry in this build's cache (from an older cache when identical, else the network). */
async function simpanEntri(c: Cache, e: EntriManifest): Promise<void> {
  if (await c.match(kunci(e))) return;
  const lama = await dariCacheLama(e);
  if (lama) return c.put(kunci(e), lama);
  // Revisioned files (index.html, icons) keep their URL between builds: bypass the HTTP cache.
  const r = await fetch(kunci(e), { cache: e.revision ? 'no-cache' : 'default', credentials: 'same-origin' });
  if (!r.ok) throw new Error(`${e.url}: HTTP ${r.status}`);
  await c.put(kunci(e), r);
}

/** Fetches entries a few at a time (a tablet on a weak link should not open 60 connections). */
async function simpanSemua(daftar: EntriManifest[]): Promise<void> {
  const c = await caches.open(CACHE);
  const antre = [...daftar];
  const galat: unknown[] = [];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let e = antre.shift(); e; e = antre.shift()) await simpanEntri(c, e).catch((x: unknown) => galat.push(x));
    }),
  );
  if (galat.length) throw galat[0];
}

async function tulisMeta(): Promise<void> {
  const c = await caches.open(CACHE);
  const meta: Meta = { versi: VERSI, manifest: MANIFEST, dipasang: Date.now() };
  await c.put(META, new Response(JSON.stringify(meta), { headers: { 'content-type': 'application/json' } }));
}

/** How much of this build is cached: { ada, jumlah }. */
async function kesiapan(): Promise<{ versi: string; ada: number; jumlah: number }> {
  const c = await caches.open(CACHE);
  const kunciAda = new Set((await c.keys()).map((r) => r.url));
  return { versi: VERSI, ada: MANIFEST.filter((e) => kunciAda.has(kunci(e))).length, jumlah: MANIFEST.length };
}

async function kabari(): Promise<void> {
  const k = await kesiapan();
  for (const c of await self.clients.matchAll({ type: 'window' })) c.postMessage({ type: 'KESIAPAN_LURING', ...k });
}

let lengkapiJalan: Promise<void> | null = null;
/** Stage 2: every remaining file of this build; retried on the next request when the network drops. */
function lengkapi(): Promise<void> {
  lengkapiJalan ??= (async () => {
    try {
      const c = await caches.open(CACHE);
      const antre = MANIFEST.filter((e) => e.lanjutan);
      for (let i = 0; i < antre.length; i += 4) {
        await Promise.all(antre.slice(i, i + 4).map((e) => simpanEntri(c, e)));
        await kabari();
      }
    } finally {
      lengkapiJalan = null;
      await kabari();
    }
  })();
  return lengkapiJalan;
}

self.addEventListener('install', (event) => {
  const pembaruan = !!self.registration.active;
  event.waitUntil(
    (async () => {
      await simpanSemua(pembaruan ? MANIFEST : MANIFEST.filter((e) => !e.lanjutan));
      await tulisMeta();
    })(),
  );
});

/** Keeps this build and the newest other build of ours; drops older ones and old Workbox caches. */
async function bersihkan(): Promise<void> {
  const milik: { nama: string; dipasang: number }[] = [];
  for (const nama of await caches.keys()) {
    if (!nama.startsWith(AWALAN) || nama === CACHE) continue;
    const meta = (await (await (await caches.open(nama)).match(META))?.json().catch(() => null)) as Meta | null;
    milik.push({ nama, dipasang: meta?.dipasang ?? 0 });
  }
  milik.sort((a, b) => b.dipasang - a.dipasang);
  const hapus = milik.slice(1).map((m) => m.nama);
  // The pre-2026-11 worker used Workbox's precache: keep it while it may be the "previous build".
  if (milik.length > 0) for (const nama of await caches.keys()) if (nama.startsWith('workbox-precache')) hapus.push(nama);
  await Promise.all(hapus.map((n) => caches.delete(n)));
}

self.addEventListener('activate', (event) => {
  // Take over open pages at once: on the first visit the page that signed in is then served from
  // this cache even if the network drops. An update only activates after "Muat ulang".
  event.waitUntil(Promise.all([self.clients.claim(), bersihkan()]));
  // Stage 2 starts right away (not awaited: activation must not wait for megabytes); the page also
  // asks for it with LENGKAPI, whose waitUntil keeps this worker alive until it is done.
  void lengkapi().catch(() => undefined);
});

/** Any build's copy of a URL: this build's first, then the previous build's (tabs open across a deploy). */
async function cariDiCache(url: string): Promise<Response | undefined> {
  const c = await caches.open(CACHE);
  const r = await c.match(url, { ignoreSearch: true });
  if (r) return r;
  for (const nama of await caches.keys()) {
    if (!nama.startsWith(AWALAN) || nama === CACHE) continue;
    const lama = await (await caches.open(nama)).match(url, { ignoreSearch: true });
    if (lama) return lama;
  }
  return undefined;
}

const milikBuild = new Set(MANIFEST.map((e) => kunci(e)));

async function jawab(req: Request): Promise<Response> {
  const url = new URL(req.url);
  if (req.mode === 'navigate' && !milikBuild.has(url.origin + url.pathname)) {
    const shell = await caches.open(CACHE).then((c) => c.match(urlAbsolut('index.html')));
    if (shell) return shell;
    return fetch(req);
  }
  const ada = await cariDiCache(url.origin + url.pathname);
  if (ada) return ada;
  const r = await fetch(req);
  // A file of this build the background stage has not reached yet: keep it now.
  if (r.ok && milikBuild.has(url.origin + url.pathname)) {
    const salinan = r.clone();
    void caches.open(CACHE).then((c) => c.put(url.origin + url.pathname, salinan));
  }
  return r;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  event.respondWith(jawab(req));
});

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const type = (event.data as { type?: string } | null)?.type;
  if (type === 'SKIP_WAITING') void self.skipWaiting();
  if (type === 'LENGKAPI')
    event.waitUntil(
      lengkapi()
        .catch(() => undefined)
        .then(kabari),
    );
  if (type === 'KESIAPAN') event.waitUntil(kabari());
});
