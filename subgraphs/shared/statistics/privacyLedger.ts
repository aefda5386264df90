import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../../db/client.ts';
import { privacyBudgets, privacyDebits } from '../../../db/schema/access.ts';
import { callerId, type RequestIdentity } from '../../../kernel/access/caller.ts';
import { codedError } from '../../../kernel/errors.ts';
import { defaultPrivacyBudget } from './config.ts';

// biome-ignore lint/suspicious/noExplicitAny: a database of any agency's tables
type AnyDb = Db<any>;

const decimal = (thousandths: number) => (thousandths / 1000).toFixed(3);

/**
 * Debits ε from the caller's budget and records the release, in one statement: the UPDATE's
 * condition is re-checked on the locked row, so concurrent debits queue and none passes the
 * budget; a refused debit writes nothing. Returns the budget left, in thousandths of ε.
 */
export async function debitPrivacyBudget(
  db: AnyDb,
  { caller, requestId }: RequestIdentity,
  statistic: string,
  thousandthsOfEpsilon: number,
): Promise<number> {
  const kind = caller.kind;
  const id = callerId(caller);
  const epsilon = decimal(thousandthsOfEpsilon);
  const budget = sql`coalesce(budget, ${decimal(defaultPrivacyBudget())}::numeric)`;
  await db.execute(
    sql`insert into ${privacyBudgets} (caller_kind, caller_id) values (${kind}, ${id})
        on conflict do nothing`,
  );
  const debited = rowsOf<{ remaining: string }>(
    await db.execute(sql`
      with debit as (
        update ${privacyBudgets} set spent = spent + ${epsilon}::numeric
        where caller_kind = ${kind} and caller_id = ${id} and spent + ${epsilon}::numeric <= ${budget}
        returning ${budget} - spent as remaining
      )
      insert into ${privacyDebits} (request_id, caller_kind, caller_id, statistic, epsilon, remaining)
      select ${requestId}, ${kind}, ${id}, ${statistic}, ${epsilon}::numeric, remaining from debit
      returning remaining::text`),
  );
  const remaining = debited[0]?.remaining;
  if (remaining !== undefined) return Math.round(Number(remaining) * 1000);
  const left = rowsOf<{ remaining: string }>(
    await db.execute(sql`select (${budget} - spent)::text as remaining from ${privacyBudgets}
      where caller_kind = ${kind} and caller_id = ${id}`),
  );
  throw codedError(
    'PRIVACY_BUDGET_EXHAUSTED',
    `${statistic} at ε = ${epsilon} would overspend your privacy budget: ε = ${left[0]?.remaining ?? '0'} is left.`,
    { epsilon: Number(epsilon), remainingBudget: Number(left[0]?.remaining ?? 0) },
  );
}
