/**
 * Vietnamese personal income tax on employment income (public rule, 2020–2025 figures): a
 * personal deduction of 11 million đồng a month, 4.4 million per dependant, then seven
 * progressive monthly brackets.
 */
const MONTHLY_PERSONAL_DEDUCTION = 11_000_000;
const MONTHLY_DEPENDANT_DEDUCTION = 4_400_000;
const MONTHLY_BRACKETS: readonly (readonly [upTo: number, rate: number])[] = [
  [5_000_000, 0.05],
  [10_000_000, 0.1],
  [18_000_000, 0.15],
  [32_000_000, 0.2],
  [52_000_000, 0.25],
  [80_000_000, 0.3],
  [Number.POSITIVE_INFINITY, 0.35],
];

export function annualIncomeTax(annualIncome: number, dependants: number): number {
  const monthlyTaxable = Math.max(
    0,
    annualIncome / 12 - MONTHLY_PERSONAL_DEDUCTION - dependants * MONTHLY_DEPENDANT_DEDUCTION,
  );
  let tax = 0;
  let lower = 0;
  for (const [upTo, rate] of MONTHLY_BRACKETS) {
    if (monthlyTaxable <= lower) break;
    tax += (Math.min(monthlyTaxable, upTo) - lower) * rate;
    lower = upTo;
  }
  return Math.round(tax * 12);
}
