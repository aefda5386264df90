import { HeaderMap } from '@apollo/server';
import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { type Caller, callerId } from '../../kernel/access/caller.ts';
import { codedError } from '../../kernel/errors.ts';
import type { LimitsConfig } from '../limits/limitsConfig.ts';

type Counter = 'client' | 'citizen' | 'subject';

const WINDOW_SECONDS = 60;

/**
 * Requests per minute per calling client, per citizen's token, and reads of one citizen by one
 * caller. With Redis every replica counts in the same place; while Redis is unreachable each
 * process counts in memory (the insurance limiter) rather than letting everyone through.
 */
export class RateLimits {
  private readonly counters: Partial<Record<Counter, RateLimiterAbstract>> = {};

  constructor(
    limits: Pick<
      LimitsConfig,
      'clientPerMinute' | 'citizenPerMinute' | 'subjectPerMinute' | 'redisPrefix'
    >,
    redis?: Redis,
  ) {
    const perMinute: Record<Counter, number> = {
      client: limits.clientPerMinute,
      citizen: limits.citizenPerMinute,
      subject: limits.subjectPerMinute,
    };
    for (const [counter, points] of Object.entries(perMinute) as [Counter, number][]) {
      if (points === 0) continue;
      const options = {
        points,
        duration: WINDOW_SECONDS,
        keyPrefix: `${limits.redisPrefix}:${counter}`,
      };
      const memory = new RateLimiterMemory(options);
      this.counters[counter] = redis
        ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: memory })
        : memory;
    }
  }

  /** Counts a request against its caller's client, or citizen, or both (a one-stop-shop). */
  async request(caller: Caller): Promise<void> {
    const citizen =
      caller.kind === 'citizen' || caller.kind === 'one_stop_shop' ? caller.personalId : null;
    await Promise.all([
      caller.kind === 'citizen'
        ? undefined
        : this.consume('client', `${caller.kind}:${callerId(caller)}`),
      citizen === null ? undefined : this.consume('citizen', citizen),
    ]);
  }

  /** Counts one read of each subject (personal ID, plate) by this caller, not of one's own data. */
  async subjects(caller: Caller, subjects: Iterable<string>): Promise<void> {
    const own = caller.kind === 'citizen' ? caller.personalId : null;
    const who = `${caller.kind}:${callerId(caller)}`;
    const reads = [...new Set(subjects)].filter((s) => s !== own);
    await Promise.all(reads.map((s) => this.consume('subject', `${who}>${s}`)));
  }

  private async consume(counter: Counter, key: string): Promise<void> {
    const limiter = this.counters[counter];
    if (!limiter) return;
    try {
      await limiter.consume(key);
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      const retryAfterSeconds = Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
      throw codedError(
        'RATE_LIMITED',
        `more than ${limiter.points} ${DESCRIPTIONS[counter]} per minute; retry in ${retryAfterSeconds} s`,
        {
          limit: counter,
          retryAfterSeconds,
          http: {
            status: 429,
            headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]),
          },
        },
      );
    }
  }
}

const DESCRIPTIONS: Record<Counter, string> = {
  client: 'requests from this client',
  citizen: "requests with this citizen's token",
  subject: 'reads of one subject by this caller',
};
