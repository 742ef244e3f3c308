/// <reference lib="webworker" />
import { precacheAndRoute, cleanupOutdatedCaches, createHandlerBoundToURL } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);
// Offline navigation: every app URL is answered by the precached shell; the API never is.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }));

// Take over open pages as soon as this worker is active. On the very first visit the page that signed
// in (and the screens it loads lazily later) is then served from the precache even if the network drops
// before the next visit, not only by luck from the HTTP cache. An update still activates only after
// "Muat ulang" (SKIP_WAITING below), so claiming never swaps code under unsaved input.
self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
