// Every environment variable is read through these readers, once, at start-up: a malformed value
// throws a ConfigError naming the variable, and the process stops before it serves anything. An
// empty value counts as unset. (In db/, the lowest layer, because db/config.ts reads through it.)

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const fail = (name: string, expected: string, raw: string): never => {
  throw new ConfigError(`${name} must be ${expected}, got "${raw}"`);
};

const raw = (name: string): string | undefined => {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
};

/** Free text (a path, a host name), or `fallback` when unset. */
export function envString(name: string, fallback: string): string;
export function envString(name: string): string | undefined;
export function envString(name: string, fallback?: string): string | undefined {
  return raw(name) ?? fallback;
}

/** A whole number within `min`–`max` (default 1 up). */
export function envInt(
  name: string,
  fallback: number,
  { min = 1, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {},
): number {
  const value = raw(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\s*-?\d+\s*$/.test(value) || n < min || n > max) {
    fail(name, `a whole number from ${min} to ${max}`, value);
  }
  return n;
}

/** A port to listen on. */
export const envPort = (name: string, fallback: number) =>
  envInt(name, fallback, { min: 1, max: 65_535 });

/** An absolute URL whose scheme is one of `protocols` (e.g. `['http:', 'https:']`). */
export function envUrl(name: string, protocols: readonly string[]): string | undefined {
  const value = raw(name);
  if (value === undefined) return undefined;
  if (!URL.canParse(value) || !protocols.includes(new URL(value).protocol)) {
    fail(name, `a ${protocols.map((p) => p.replace(':', '')).join(' or ')} URL`, value);
  }
  return value;
}

/** One of `values`. */
export function envEnum<T extends string>(name: string, values: readonly T[], fallback: T): T {
  const value = raw(name);
  if (value === undefined) return fallback;
  if (!values.includes(value as T)) fail(name, `one of ${values.join(', ')}`, value);
  return value as T;
}

/**
 * JSON, checked by `check`, which returns the typed value or throws an Error saying what is wrong
 * (its message is prefixed with the variable's name).
 */
export function envJson<T>(name: string, check: (value: unknown) => T): T | undefined {
  const value = raw(name);
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return fail(name, 'valid JSON', value);
  }
  try {
    return check(parsed);
  } catch (error) {
    throw new ConfigError(`${name}: ${(error as Error).message}`);
  }
}

/** NODE_ENV: production turns on the start-up refusals (development keys, access control off). */
export const NODE_ENVS = ['development', 'test', 'benchmark', 'production'] as const;
export const nodeEnv = () => envEnum('NODE_ENV', NODE_ENVS, 'development');
export const isProduction = () => nodeEnv() === 'production';
