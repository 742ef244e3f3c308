/**
 * Deep equality of JSON values, ignoring object key order: PostgreSQL's jsonb stores keys in its
 * own order, so comparing JSON text would see a change (and raise a konflik) where there is none.
 * Shared by the browser (what an edit really changes) and the server (what a mutation really changes).
 */
export function samaNilai(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    // undefined and a missing key mean the same; NaN never reaches storage (schemas refuse it).
    return a === undefined && b === undefined;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => samaNilai(x, bb[i]));
  }
  const oa = a as Record<string, unknown>;
  const ob = b as Record<string, unknown>;
  const ka = Object.keys(oa).filter((k) => oa[k] !== undefined);
  const kb = Object.keys(ob).filter((k) => ob[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(ob, k) && samaNilai(oa[k], ob[k]));
}
