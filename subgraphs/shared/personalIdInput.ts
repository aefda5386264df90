import { checkPersonalId } from '../../db/domain/personalId.ts';
import { badUserInput } from '../../kernel/errors.ts';

/** Returns the personal ID when well formed; otherwise a BAD_USER_INPUT naming the problem. */
export function requirePersonalId(value: string, argumentName: string): string {
  const check = checkPersonalId(value);
  if (check.ok) return value;
  throw badUserInput(
    `${argumentName} "${value}" is not a valid personal ID number: ${check.problem}`,
    {
      argumentName,
      reason: check.problem,
    },
  );
}
