import { randomInt } from 'node:crypto';

/** A uniform whole number in [0, n): node:crypto's CSPRNG unless a test passes its own. */
export type UniformInt = (n: number) => number;

const secureInt: UniformInt = (n) => randomInt(n);

/** Bernoulli(exp(−n/d)) for 0 ≤ n ≤ d, exactly (Canonne, Kamath, Steinke 2020, Algorithm 1). */
function bernoulliExpAtMostOne(n: number, d: number, uniform: UniformInt): boolean {
  let k = 1;
  while (uniform(d * k) < n) k++;
  return k % 2 === 1;
}

/** Bernoulli(exp(−n/d)) for any n ≥ 0: one exp(−1) trial per whole part, then the rest. */
function bernoulliExp(n: number, d: number, uniform: UniformInt): boolean {
  let rest = n;
  while (rest > d) {
    if (!bernoulliExpAtMostOne(1, 1, uniform)) return false;
    rest -= d;
  }
  return bernoulliExpAtMostOne(rest, d, uniform);
}

/**
 * One draw of the discrete Laplace distribution with scale t/s: P(x) ∝ exp(−|x|·s/t) over the
 * integers (Canonne, Kamath, Steinke 2020, Algorithm 2). Integer arithmetic and uniform integers
 * only, so no floating-point rounding shapes the noise (the attack on textbook Laplace noise,
 * Mironov 2012). `s` and `t` are positive whole numbers small enough that `t·k` stays exact.
 */
export function discreteLaplace(s: number, t: number, uniform: UniformInt = secureInt): number {
  for (;;) {
    const u = uniform(t);
    if (!bernoulliExp(u, t, uniform)) continue;
    let v = 0;
    while (bernoulliExp(1, 1, uniform)) v++;
    const x = u + t * v;
    const y = (x - (x % s)) / s;
    const negative = uniform(2) === 1;
    if (negative && y === 0) continue;
    return negative ? -y : y;
  }
}

/** The variance of that distribution: 2a/(1−a)² with a = exp(−s/t). */
export function discreteLaplaceVariance(s: number, t: number): number {
  const a = Math.exp(-s / t);
  return (2 * a) / (1 - a) ** 2;
}
