/** ACCESS_CONTROL=off, for benchmarks; refused in production. */
export function accessControlOff(): boolean {
  if (process.env.ACCESS_CONTROL !== 'off') return false;
  if (process.env.NODE_ENV === 'production')
    throw new Error('ACCESS_CONTROL=off is refused in production');
  return true;
}
