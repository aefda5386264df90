/**
 * Cell suppression for published tables. A cell is primary-suppressed when its count is below k;
 * then, for every published equation (a row or column with its margin: parts add up to a total),
 * a lone withheld entry would be recovered by subtraction, so the smallest other published entry
 * of that equation is withheld too, until no equation has exactly one withheld entry.
 */
export interface SuppressionProblem {
  /** Every published count by cell id. */
  values: ReadonlyMap<string, number>;
  /** Cell ids of each published equation: the parts and their total, in any order. */
  equations: readonly (readonly string[])[];
}

export function suppressedCells({ values, equations }: SuppressionProblem, k: number): Set<string> {
  const hidden = new Set<string>();
  for (const [id, value] of values) if (value < k) hidden.add(id);
  let changed = true;
  while (changed) {
    changed = false;
    for (const equation of equations) {
      if (equation.filter((id) => hidden.has(id)).length !== 1) continue;
      let smallest: string | undefined;
      for (const id of equation) {
        if (hidden.has(id)) continue;
        if (smallest === undefined || (values.get(id) ?? 0) < (values.get(smallest) ?? 0))
          smallest = id;
      }
      if (smallest === undefined) continue;
      hidden.add(smallest);
      changed = true;
    }
  }
  return hidden;
}

/** Equations that a subtraction recovers a withheld entry from: exactly one entry withheld. */
export const recoverableEquations = (
  equations: readonly (readonly string[])[],
  hidden: ReadonlySet<string>,
) => equations.filter((equation) => equation.filter((id) => hidden.has(id)).length === 1);
