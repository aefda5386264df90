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

/** PRIVACY_BUDGET_EPSILON: the ε a statistics caller may spend in all, unless their row says otherwise. */
let budget: number | undefined;

export function defaultPrivacyBudget(): number {
  if (budget === undefined) {
    const text = process.env.PRIVACY_BUDGET_EPSILON || '10';
    const value = thousandths(Number(text));
    if (value === null)
      throw new Error(`PRIVACY_BUDGET_EPSILON must be an ε from 0.001 to 1000, not "${text}"`);
    budget = value;
  }
  return budget;
}
