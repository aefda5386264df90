import { Redis } from 'ioredis';

/**
 * The Redis the rate-limit tests count in: TEST_REDIS_URL, or the local one when it answers.
 * With CITIZEN_GRAPH_REQUIRE_REDIS set (CI) an unreachable Redis fails the run instead.
 */
export async function findTestRedis(): Promise<string | undefined> {
  const url = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return url;
  } catch (error) {
    if (process.env.CITIZEN_GRAPH_REQUIRE_REDIS) {
      throw new Error(`CITIZEN_GRAPH_REQUIRE_REDIS is set but ${url} does not answer: ${error}`);
    }
    console.warn(`Redis at ${url} does not answer: the Redis rate-limit suites do not run.`);
    return undefined;
  } finally {
    redis.disconnect();
  }
}
