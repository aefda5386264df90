/**
 * Connections per benchmark process (DATABASE_POOL_SIZE overrides). PostgreSQL on this 2-core
 * machine runs two statements at a time; with 4 connections postgres.js pipelines the rest, so
 * statements share socket writes (write syscalls were 16 % of the subgraphs' CPU with 20).
 * Scenario 1 for ours: 384–407 req/s with 20, 527–613 with 4 (bench/RESULTS.md).
 */
export const BENCH_POOL_SIZE = 4;
