import { mount } from 'svelte';
import './styles/tokens.css';
import './styles/app.css';
import App from './App.svelte';
import { sesi } from './lib/sesi.svelte.ts';
import { pembaruan, VERSI_APLIKASI } from './lib/pembaruan.svelte.ts';

document.documentElement.dataset.versi = VERSI_APLIKASI;

// Restore the stored session (its database and sync engine load lazily, from the service worker
// when offline): the app opens offline after one sign-in. Started before the first render so it
// shows "opening…" rather than the sign-in page.
void sesi.pulihkan().catch((e: unknown) => console.error('Sesi tersimpan gagal dibuka', e));

const target = document.getElementById('app');
if (!target) throw new Error('#app tidak ditemukan');
export default mount(App, { target });

void pembaruan.daftar().catch((e: unknown) => console.error('Service worker gagal didaftarkan', e));
