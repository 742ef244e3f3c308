/** The part of s3rver (an in-process S3 imitation, tests only; it ships no types) the S3 store test uses. */
declare module 's3rver' {
  export default class S3rver {
    constructor(opsi: { port?: number; address?: string; silent?: boolean; directory: string; configureBuckets?: { name: string }[] });
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
