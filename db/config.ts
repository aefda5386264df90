import { fileURLToPath } from 'node:url';

/** Environment parsing in one place: every value checked once, at start-up. */
export function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

export interface DatabaseConfig {
  /** PostgreSQL URL; when unset the embedded PGlite database is used. */
  url: string | undefined;
  /** Where PGlite keeps its files between starts. */
  pgliteDir: string;
  /** Citizens seeded into an empty database. */
  seedCount: number;
  poolSize: number;
}

export function databaseConfig(): DatabaseConfig {
  return {
    url: process.env.DATABASE_URL || undefined,
    pgliteDir: process.env.PGLITE_DIR || fileURLToPath(new URL('../.data/pglite', import.meta.url)),
    seedCount: positiveInteger('SEED_COUNT', 10_000),
    poolSize: positiveInteger('DATABASE_POOL_SIZE', 10),
  };
}
