import type { Caller } from '../../kernel/access/caller.ts';

/** The longest a caller token may live (exp − iat), in seconds, per kind of caller. */
export type TokenLifetimes = Record<Caller['kind'], number>;

/**
 * An hour for callers acting on citizens' data, a working day for analysts and auditors: a
 * stolen token is worth no more than that, whatever lifetime its issuer chose.
 */
export const DEFAULT_TOKEN_LIFETIMES: TokenLifetimes = {
  citizen: 3_600,
  one_stop_shop: 3_600,
  agency: 3_600,
  third_party: 3_600,
  analyst: 28_800,
  auditor: 28_800,
};

/** TOKEN_MAX_LIFETIMES: JSON of seconds per kind, over the defaults, e.g. `{"agency":900}`. */
export function tokenLifetimes(raw = process.env.TOKEN_MAX_LIFETIMES): TokenLifetimes {
  if (!raw) return DEFAULT_TOKEN_LIFETIMES;
  const fail = (why: string): never => {
    throw new Error(`TOKEN_MAX_LIFETIMES ${why}, got ${raw}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    fail('must be JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    fail('must be an object of seconds per caller kind');
  const lifetimes = { ...DEFAULT_TOKEN_LIFETIMES };
  for (const [kind, seconds] of Object.entries(parsed as object)) {
    if (!(kind in lifetimes)) fail(`names an unknown caller kind "${kind}"`);
    if (!Number.isInteger(seconds) || seconds <= 0) fail(`needs a positive integer for ${kind}`);
    lifetimes[kind as Caller['kind']] = seconds;
  }
  return lifetimes;
}
