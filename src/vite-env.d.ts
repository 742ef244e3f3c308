/// <reference types="svelte" />
/// <reference types="vite/client" />

/** Version marker of the build (vite.config.ts define; env PANTAU_VERSI). */
declare const __VERSI_APLIKASI__: string;
