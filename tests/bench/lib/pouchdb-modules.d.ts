/** The little of PouchDB's API the tablet-push benchmark uses (the packages ship no types). */
declare module 'pouchdb-browser' {
  export interface PutResult {
    ok: boolean;
    id: string;
    rev: string;
  }
  export interface ReplicationResult {
    ok: boolean;
    docs_read: number;
    docs_written: number;
    errors: unknown[];
  }
  export interface Database<T extends object = object> {
    bulkDocs(docs: T[]): Promise<Array<PutResult | { error: true; id?: string; message?: string }>>;
    put(doc: T & { _id: string; _rev?: string }): Promise<PutResult>;
    destroy(): Promise<unknown>;
  }
  interface PouchDBStatic {
    new <T extends object = object>(name: string, opts?: { adapter?: string }): Database<T>;
    replicate<T extends object>(source: Database<T>, target: Database<T>): Promise<ReplicationResult>;
  }
  const PouchDB: PouchDBStatic;
  export default PouchDB;
}

declare module 'pouchdb-core' {
  interface PouchDBConstructor {
    plugin(p: unknown): PouchDBConstructor;
    defaults(o: { adapter: string }): PouchDBConstructor;
  }
  const PouchDB: PouchDBConstructor;
  export default PouchDB;
}

declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}

declare module 'express-pouchdb' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export default function expressPouchdb(
    PouchDB: unknown,
    opts: { mode: 'minimumForPouchDB' | 'fullCouchDB' | 'custom'; inMemoryConfig?: boolean; logPath?: string },
  ): (req: IncomingMessage, res: ServerResponse) => void;
}
