/**
 * Zod's messages in Indonesian, for every schema of the app and the server (brief: bad input gets a
 * clear Indonesian message; docs/sync-protocol.md: a rejection's `reason` and a 400's message are
 * shown to the person as they are). The common cases get plain words ("Wajib diisi", "Maksimal 200
 * karakter", "Harus berupa angka"); everything else falls back to Zod's own Indonesian locale
 * (`zod/v4/locales/id`). A schema's own message (`{ error: … }`, `.max(n, '…')`) always wins.
 * Imported for its effect by domain/schemas.ts, so it is set before anything is parsed.
 */
import { z } from 'zod';

const lokal = z.locales.id().localeError;
const angkaId = (n: number | bigint): string => Number(n).toLocaleString('id-ID');
const SATUAN: Partial<Record<string, string>> = { string: ' karakter', array: ' butir', set: ' butir', file: ' byte' };

/** The error map: one Zod issue → its Indonesian message. */
export const pesanIndonesia: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'Wajib diisi';
      if (iss.expected === 'number' || iss.expected === 'int') return 'Harus berupa angka';
      if (iss.expected === 'string') return 'Harus berupa teks';
      if (iss.expected === 'boolean') return 'Harus ya atau tidak';
      if (iss.expected === 'array') return 'Harus berupa daftar';
      if (iss.expected === 'object') return 'Harus berupa objek';
      break;
    case 'too_big':
      return `Maksimal ${angkaId(iss.maximum)}${SATUAN[iss.origin] ?? ''}`;
    case 'too_small':
      if (iss.origin === 'string' && Number(iss.minimum) === 1) return 'Wajib diisi';
      return `Minimal ${angkaId(iss.minimum)}${SATUAN[iss.origin] ?? ''}`;
    case 'unrecognized_keys':
      return `Isian tidak dikenal: ${iss.keys.join(', ')}`;
  }
  return lokal(iss);
};

z.config({ localeError: pesanIndonesia });
