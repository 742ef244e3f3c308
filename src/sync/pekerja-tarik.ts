/**
 * The dedicated worker that fetches, parses and stores pull pages (issue 17 §5; src/sync/penarik-pekerja.ts,
 * docs/architecture.md "Pull off the main thread"). Started by the sync engine at its first pull.
 */
import { layaniTarik, type PortPesan } from './penarik-pekerja.ts';

layaniTarik(globalThis as unknown as PortPesan);
