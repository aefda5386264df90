import { fileURLToPath } from 'node:url';
import { envInt, envString, envUrl } from './env.ts';

/** Personal IDs of the synthetic population stay unique up to this many citizens. */
export const MAX_SEED_COUNT = 63_000_000;
/** The default data the README's examples are written against. */
export const DEFAULT_SEED_COUNT = 10_000;

export interface DatabaseConfig {
  /** PostgreSQL URL; when unset the embedded PGlite database is used. */
  url: string | undefined;
  /** Where PGlite keeps its files between starts. */
  pgliteDir: string;
  /** Citizens seeded into an empty database. */
  seedCount: number;
  poolSize: number;
  /** DATABASE_ACQUIRE_TIMEOUT_MS: a statement waits this long for a connection, then DATABASE_BUSY. */
  acquireTimeoutMs: number;
}

export function databaseConfig(): DatabaseConfig {
  return {
    url: envUrl('DATABASE_URL', ['postgres:', 'postgresql:']),
    pgliteDir: envString('PGLITE_DIR', fileURLToPath(new URL('../.data/pglite', import.meta.url))),
    seedCount: envInt('SEED_COUNT', DEFAULT_SEED_COUNT, { max: MAX_SEED_COUNT }),
    poolSize: envInt('DATABASE_POOL_SIZE', 10, { max: 1_000 }),
    // Under the gateway's SUBGRAPH_TIMEOUT_MS (5 s), so that the client learns why.
    acquireTimeoutMs: envInt('DATABASE_ACQUIRE_TIMEOUT_MS', 2_000, { min: 1 }),
  };
}
