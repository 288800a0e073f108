// What the global setup hands to every test file through vitest's provide/inject.
declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    templateDatabase: string;
    /** Every database a test file clones starts with it; the run's teardown drops them. */
    databasePrefix: string;
  }
}

export {};
