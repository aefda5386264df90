import type { GraphQLFormattedError } from 'graphql';
import { checkPersonalId } from '../../db/domain/personalId.ts';
import type { FormPlan } from '../../schema/forms/plan.ts';
import { type answerHeader, type PrefilledField, prefilledFields } from './prefillAnswer.ts';

/** A portal's overnight batch: one call, one statement per subgraph (`citizens` takes as many). */
export const MAX_BULK_SUBJECTS = 500;

export type BulkSubject =
  | { subject: string; fields: Record<string, PrefilledField> }
  | { subject: string; error: { code: string; message: string } };

export interface BulkPrefillAnswer extends ReturnType<typeof answerHeader> {
  subjects: BulkSubject[];
}

/** The form's operation over a list: `citizen(personalId:)` becomes `citizens(personalIds:)`. */
export function bulkOperation(plan: FormPlan): string {
  const text = plan.template.operation
    .replace(/\(\$personalId: ID!\)/, '($personalIds: [ID!]!)')
    .replace(/\bcitizen\(personalId: \$personalId\)/, 'citizens(personalIds: $personalIds)');
  if (!text.includes('citizens(personalIds: $personalIds)'))
    throw new Error(
      `form ${plan.template.code}: its operation must read citizen(personalId: $personalId)`,
    );
  return text;
}

/** The well-formed personal IDs to read, and a per-subject error for each malformed one. */
export function partitionSubjects(personalIds: string[]) {
  const malformed = new Map<number, string>();
  const wellFormed: string[] = [];
  for (const [k, id] of personalIds.entries()) {
    const check = checkPersonalId(id);
    if (check.ok) wellFormed.push(id);
    else malformed.set(k, `personalIds[${k}]: ${check.problem}`);
  }
  return { malformed, wellFormed };
}

/** Splits the list answer into one result per subject, each error with it, re-rooted at `citizen`. */
export function bulkSubjects(
  plan: FormPlan,
  personalIds: string[],
  malformed: ReadonlyMap<number, string>,
  citizens: unknown[],
  errors: readonly GraphQLFormattedError[] = [],
): BulkSubject[] {
  const errorsAt = new Map<number, GraphQLFormattedError[]>();
  for (const e of errors) {
    const k = e.path?.[1];
    if (e.path?.[0] !== 'citizens' || typeof k !== 'number') continue;
    const list = errorsAt.get(k) ?? [];
    list.push({ ...e, path: ['citizen', ...e.path.slice(2)] });
    errorsAt.set(k, list);
  }
  let read = 0;
  return personalIds.map((subject, k): BulkSubject => {
    const problem = malformed.get(k);
    if (problem !== undefined)
      return { subject, error: { code: 'BAD_USER_INPUT', message: problem } };
    const position = read++;
    const citizen = citizens[position] ?? null;
    if (citizen === null) {
      const message = `no citizen has personal ID ${subject}`;
      return { subject, error: { code: 'SUBJECT_NOT_FOUND', message } };
    }
    const result = { data: { citizen }, errors: errorsAt.get(position) ?? [] };
    return { subject, fields: prefilledFields(plan, result) };
  });
}
