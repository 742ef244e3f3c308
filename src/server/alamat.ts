/**
 * The client's address, as rate limits and logs need it (docs/security.md §Proxy tepercaya).
 * Behind a reverse proxy every request comes from the proxy's address; the real client is in
 * X-Forwarded-For, which anyone can also send. So the header is believed only when the socket
 * peer is a configured trusted proxy (env TRUST_PROXY: comma-separated addresses or CIDRs, unset
 * = trust none), walking the list right to left past trusted hops (the MDN/Express rule).
 */
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

export interface ProxyTepercaya {
  /** True when `alamat` is one of the configured proxies. */
  percaya(alamat: string): boolean;
  readonly kosong: boolean;
}

/** "::ffff:10.0.0.1" → "10.0.0.1"; brackets and zone ids dropped. */
export function normalAlamat(a: string): string {
  let s = a
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(s)) s = s.slice(7);
  return s;
}

/** Parses TRUST_PROXY ("10.0.0.0/8, 127.0.0.1, ::1"). Throws an Indonesian message on a bad entry. */
export function bacaProxyTepercaya(nilai: string | undefined): ProxyTepercaya {
  const daftar = new BlockList();
  let kosong = true;
  for (const bagian of (nilai ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const [alamat, awalan] = bagian.split('/');
    const a = normalAlamat(alamat ?? '');
    const jenis = isIP(a);
    if (!jenis) throw new Error(`TRUST_PROXY: "${bagian}" bukan alamat IP atau CIDR`);
    const tipe = jenis === 4 ? 'ipv4' : 'ipv6';
    if (awalan === undefined) daftar.addAddress(a, tipe);
    else {
      const n = Number(awalan);
      if (!Number.isInteger(n) || n < 0 || n > (jenis === 4 ? 32 : 128)) throw new Error(`TRUST_PROXY: awalan "/${awalan}" tidak valid pada "${bagian}"`);
      daftar.addSubnet(a, n, tipe);
    }
    kosong = false;
  }
  return {
    kosong,
    percaya(alamat: string) {
      const a = normalAlamat(alamat);
      const jenis = isIP(a);
      return jenis !== 0 && daftar.check(a, jenis === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

export const TANPA_PROXY: ProxyTepercaya = bacaProxyTepercaya(undefined);

/** The socket peer's address ('lokal' for in-process requests, as in tests without a socket). */
export function alamatSoket(c: Context): string {
  try {
    const a = getConnInfo(c).remote.address;
    return a ? normalAlamat(a) : 'lokal';
  } catch {
    return 'lokal';
  }
}

/**
 * The client address: the socket peer, or, when that peer is a trusted proxy, the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy.
 */
export function alamatKlien(c: Context, proxy: ProxyTepercaya): string {
  const soket = alamatSoket(c);
  if (proxy.kosong || !proxy.percaya(soket)) return soket;
  const xff = (c.req.header('X-Forwarded-For') ?? '')
    .split(',')
    .map((x) => normalAlamat(x))
    .filter(Boolean);
  for (let i = xff.length - 1; i >= 0; i--) {
    const a = xff[i]!;
    if (!isIP(a)) return soket; // a malformed hop: do not believe anything further left
    if (!proxy.percaya(a)) return a;
  }
  return xff[0] ?? soket;
}

/** True when the request reached us over HTTPS (directly, or X-Forwarded-Proto from a trusted proxy). */
export function lewatHttps(c: Context, proxy: ProxyTepercaya): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  if (proxy.kosong || !proxy.percaya(alamatSoket(c))) return false;
  return (c.req.header('X-Forwarded-Proto') ?? '').split(',')[0]?.trim().toLowerCase() === 'https';
}
