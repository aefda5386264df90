import { Redis } from 'ioredis';
import { log } from '../../kernel/observability/log.ts';
import type { LimitsConfig } from '../limits/limitsConfig.ts';
import { RateLimits } from './rateLimits.ts';

/** The rate limits, counted in Redis when REDIS_URL is set, in this process otherwise. */
export async function connectRateLimits(config: LimitsConfig) {
  if (!config.redisUrl) return { limits: new RateLimits(config), close: async () => {} };
  // Without an offline queue a command fails at once while Redis is away, and the limits count
  // in memory meanwhile; ioredis keeps reconnecting.
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  redis.on('error', () => {}); // reported once below; reconnects are ioredis's business
  await redis.connect().catch((error: Error) => {
    log.warn({ err: error.message }, 'rate limits: Redis unreachable; counting in memory for now');
  });
  return {
    limits: new RateLimits(config, redis),
    close: async () => void redis.disconnect(),
  };
}
