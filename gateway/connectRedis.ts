import type { Redis } from 'ioredis';
import { log } from '../kernel/observability/log.ts';

/**
 * The gateway's one Redis connection (REDIS_URL): the rate limits' counters and the share
 * presentation nonces. Without an offline queue a command fails at once while Redis is away (the
 * rate limits then count in memory, nonces are refused); ioredis keeps reconnecting. ioredis is
 * loaded here, so a gateway without Redis does not hold it (1 MB of heap).
 */
export async function connectRedis(url: string): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  redis.on('error', () => {}); // reported once below; reconnects are ioredis's business
  await redis.connect().catch((error: Error) => {
    log.warn(
      { err: error.message },
      'Redis unreachable at start: rate limits count in memory for now',
    );
  });
  return redis;
}
