import type { RequestIdentity } from '../../../kernel/access/caller.ts';
import { badUserInput } from '../../../kernel/errors.ts';
import { thousandths } from './config.ts';
import {
  type AnyDb,
  type FamilyDefinition,
  familyFor,
  type TableDefinition,
} from './familyTables.ts';
import { debitPrivacyBudget } from './privacyLedger.ts';
import { type PrivacyReport, privateRelease } from './privateRelease.ts';
import type { Distribution } from './tables.ts';

export interface StatisticsContext {
  db: AnyDb;
  access: { identity: RequestIdentity };
}

export interface StatisticArgs {
  privacy?: { epsilon: number } | null;
}

/** Each request's private releases, by table and ε: every area of a table comes from one. */
const releases = new WeakMap<object, Map<string, Promise<Map<string, Distribution>>>>();

export function privateTable(
  ctx: StatisticsContext,
  family: FamilyDefinition,
  table: TableDefinition,
  epsilon: number,
): Promise<Map<string, Distribution>> {
  const amount = thousandths(epsilon);
  if (amount === null) {
    throw badUserInput(
      `privacy.epsilon must be from 0.001 to 1000, given to a thousandth, not ${epsilon}.`,
      { argument: 'privacy.epsilon' },
    );
  }
  let ofRequest = releases.get(ctx);
  if (!ofRequest) {
    ofRequest = new Map();
    releases.set(ctx, ofRequest);
  }
  const key = `${table.name}|${amount}`;
  let release = ofRequest.get(key);
  if (!release) {
    release = releaseOf(ctx, family, table, amount);
    ofRequest.set(key, release);
  }
  return release;
}

/** Reads the counts, then debits the budget, then adds the noise: no ε is spent on a failed read. */
async function releaseOf(
  ctx: StatisticsContext,
  family: FamilyDefinition,
  table: TableDefinition,
  amount: number,
): Promise<Map<string, Distribution>> {
  const { inputs } = await familyFor(ctx.db, family);
  const tallies = inputs.find((input) => input.name === table.name)?.tallies ?? [];
  const left = await debitPrivacyBudget(
    ctx.db,
    ctx.access.identity,
    `Province.${table.name}`,
    amount,
  );
  const categories = (table.privateCategories ?? table.categories)();
  const rows = privateRelease({ categories, tallies, sensitivity: SENSITIVITY }, amount);
  const privacy: PrivacyReport = {
    epsilon: amount / 1000,
    mechanism: 'DISCRETE_LAPLACE',
    sensitivity: SENSITIVITY,
    unit: table.unit,
    scale: SENSITIVITY / (amount / 1000),
    remainingBudget: left / 1000,
  };
  for (const row of rows.values()) Object.assign(row, { privacy });
  return rows;
}

/** Every table counts each unit (its `unit`) in one cell of one province: one unit moves one count. */
const SENSITIVITY = 1;
