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
