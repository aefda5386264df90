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
