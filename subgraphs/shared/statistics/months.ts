/** Months `YYYY-MM` from `from` months after the current one, `count` of them. */
export function monthsFromNow(from: number, count: number, today = new Date()): string[] {
  const months: string[] = [];
  for (let k = 0; k < count; k++) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + from + k, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}
