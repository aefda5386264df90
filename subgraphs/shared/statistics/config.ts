import { ConfigError, envString } from '../../../db/env.ts';

/** STATISTICS_MIN_COUNT: counts below it are suppressed (k); read once. */
let minimum: number | undefined;

export function minimumCount(): number {
  if (minimum === undefined) {
    const text = process.env.STATISTICS_MIN_COUNT ?? '10';
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`STATISTICS_MIN_COUNT must be a whole number ≥ 1, not "${text}"`);
    minimum = value;
  }
  return minimum;
}

/** STATISTICS_CACHE_SECONDS: how long a published table is served before it is read again. */
let cache: number | undefined;

export function cacheSeconds(): number {
  if (cache === undefined) {
    const text = process.env.STATISTICS_CACHE_SECONDS ?? '60';
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0)
      throw new Error(`STATISTICS_CACHE_SECONDS must be a number of seconds ≥ 0, not "${text}"`);
    cache = value;
  }
  return cache;
}

/** ε in whole thousandths (ε = 0.001 … 1000 given to a thousandth), or null when it is not one. */
export function thousandths(epsilon: number): number | null {
  const n = Math.round(epsilon * 1000);
  if (!Number.isFinite(epsilon) || n < 1 || n > 1_000_000) return null;
  return Math.abs(epsilon * 1000 - n) < 1e-6 ? n : null;
}

/** PRIVACY_BUDGET_EPSILON, in thousandths: the ε a statistics caller may spend in all. */
export function privacyBudgetConfig(): number {
  const text = envString('PRIVACY_BUDGET_EPSILON');
  if (text === undefined) return 10_000;
  const value = /^\s*\d+(\.\d+)?\s*$/.test(text) ? thousandths(Number(text)) : null;
  if (value === null) {
    throw new ConfigError(
      `PRIVACY_BUDGET_EPSILON must be an ε from 0.001 to 1000 in thousandths, got "${text}"`,
    );
  }
  return value;
}

let budget: number | undefined;

/** The budget of a caller whose ledger row sets none (read once; start-up reads it first). */
export function defaultPrivacyBudget(): number {
  budget ??= privacyBudgetConfig();
  return budget;
}
