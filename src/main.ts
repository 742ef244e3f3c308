import { mount } from 'svelte';
import './styles/tokens.css';
import './styles/app.css';
import App from './App.svelte';
import { sesi } from './lib/sesi.svelte.ts';
import { pembaruan } from './lib/pembaruan.svelte.ts';

// Restore the stored session before the first render: the app opens offline after one sign-in.
sesi.pulihkan();

const target = document.getElementById('app');
if (!target) throw new Error('#app tidak ditemukan');
export default mount(App, { target });

void pembaruan.daftar().catch((e: unknown) => console.error('Service worker gagal didaftarkan', e));
