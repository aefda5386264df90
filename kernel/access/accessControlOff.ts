import { envEnum, isProduction } from '../../db/env.ts';

/** ACCESS_CONTROL=off, for benchmarks; refused in production. */
export function accessControlOff(): boolean {
  if (envEnum('ACCESS_CONTROL', ['on', 'off'], 'on') === 'on') return false;
  if (isProduction()) throw new Error('ACCESS_CONTROL=off is refused in production');
  return true;
}
