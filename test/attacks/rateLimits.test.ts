// One valid token sends as much as it likes: per client, per citizen's token and per subject read
// by one caller, the gateway refuses the excess with 429 RATE_LIMITED and says when to retry —
// counting in memory, and in Redis where replicas share the counts.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../gateway/limits/limitsConfig.ts';
import { RateLimits } from '../../gateway/rateLimit/rateLimits.ts';
import { DATA_SCOPES } from '../../kernel/access/scopes.ts';
import {
  type Answer,
  type AttackedSystem,
  codes,
  OTHER,
  startAttackedSystem,
  VICTIM,
} from './support.ts';

const redisUrl = inject('testRedisUrl');
const stores = [
  { store: 'memory', url: undefined },
  ...(redisUrl ? [{ store: 'redis', url: redisUrl }] : []),
];

const LIMITS = { clientPerMinute: 6, citizenPerMinute: 3, subjectPerMinute: 2 };
const READ = 'query ($id: ID!) { citizen(personalId: $id) { personalId fullName } }';

describe.each(stores)('rate limits counted in $store', ({ url }) => {
  const prefix = `cg_limits:${randomUUID()}`;
  let attacked: AttackedSystem;
  beforeAll(async () => {
    attacked = await startAttackedSystem({
      limits: { ...LIMITS, redisUrl: url, redisPrefix: prefix },
    });
  });
  afterAll(async () => {
    await attacked?.stop();
    if (url) {
      const redis = new Redis(url);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });

  const agency = async () => {
    const sub = `agency-${randomUUID().slice(0, 8)}`;
    const token = await attacked.system.token({
      sub,
      cg_kind: 'agency',
      scope: DATA_SCOPES.join(' '),
    });
    return { authorization: `Bearer ${token}`, 'x-purpose': 'rate-limit-test' };
  };
  const citizen = async (personalId: string) => {
    const token = await attacked.system.token({
      sub: personalId,
      cg_kind: 'citizen',
      eid_level: 2,
    });
    return { authorization: `Bearer ${token}` };
  };

  /** 429 RATE_LIMITED from this counter, a retry time in header and extensions, nothing fetched. */
  const expectLimited = (answer: Answer, limit: string, callsBefore: number) => {
    expect(answer.status).toBe(429);
    expect(codes(answer)).toEqual(['RATE_LIMITED']);
    const error = answer.body.errors?.[0];
    expect(error?.extensions?.limit).toBe(limit);
    const retryAfter = Number(answer.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(error?.extensions?.retryAfterSeconds).toBe(retryAfter);
    expect(answer.body.data).toBeUndefined();
    expect(answer.text).not.toContain(VICTIM);
    expect(attacked.subgraphCalls.calls).toBe(callsBefore);
  };

  it('refuses a client past its requests per minute, and not another client', async () => {
    const headers = await agency();
    for (let i = 0; i < LIMITS.clientPerMinute; i++) {
      expect((await attacked.post('{ __typename }', undefined, headers)).status).toBe(200);
    }
    expectLimited(
      await attacked.post(READ, { id: VICTIM }, headers),
      'client',
      attacked.subgraphCalls.calls,
    );
    expect((await attacked.post('{ __typename }', undefined, await agency())).status).toBe(200);
  });

  it('refuses one caller reading the same citizen again and again, and not its reads of others', async () => {
    const headers = await agency();
    for (let i = 0; i < LIMITS.subjectPerMinute; i++) {
      const served = await attacked.post(READ, { id: VICTIM }, headers);
      expect(served.body.errors).toBeUndefined();
    }
    expectLimited(
      await attacked.post(READ, { id: VICTIM }, headers),
      'subject',
      attacked.subgraphCalls.calls,
    );
    // The same subject inside a list, under another name, is the same subject.
    const listed = await attacked.post(
      'query ($ids: [ID!]!) { citizens(personalIds: $ids) { personalId } }',
      { ids: [OTHER, VICTIM] },
      headers,
    );
    expectLimited(listed, 'subject', attacked.subgraphCalls.calls);
    const other = await attacked.post(READ, { id: OTHER }, headers);
    expect(other.body.errors).toBeUndefined();
    expect(other.body.data?.citizen).toMatchObject({ personalId: OTHER });
  });

  it("refuses a citizen's token past its requests per minute; reading one's own data is not a subject read", async () => {
    const headers = await citizen(VICTIM);
    for (let i = 0; i < LIMITS.citizenPerMinute; i++) {
      const served = await attacked.post(READ, { id: VICTIM }, headers);
      expect(served.body.errors).toBeUndefined();
    }
    expectLimited(
      await attacked.post(READ, { id: VICTIM }, headers),
      'citizen',
      attacked.subgraphCalls.calls,
    );
    const another = await attacked.post(READ, { id: OTHER }, await citizen(OTHER));
    expect(another.status).toBe(200);
  });

  it.runIf(url)('keeps its counts in Redis, under its own prefix', async () => {
    const redis = new Redis(url as string);
    const keys = await redis.keys(`${prefix}:*`);
    redis.disconnect();
    expect(keys.some((k) => k.startsWith(`${prefix}:client:`))).toBe(true);
    expect(keys.some((k) => k.startsWith(`${prefix}:subject:`))).toBe(true);
    expect(keys.some((k) => k.startsWith(`${prefix}:citizen:`))).toBe(true);
  });
});

describe.runIf(redisUrl)('rate limits shared by replicas through Redis', () => {
  it('counts one caller across two gateways', async () => {
    const prefix = `cg_limits:${randomUUID()}`;
    const [a, b] = [new Redis(redisUrl as string), new Redis(redisUrl as string)];
    const config = { ...DEFAULT_LIMITS, ...LIMITS, redisPrefix: prefix };
    const [first, second] = [new RateLimits(config, a), new RateLimits(config, b)];
    const caller = { kind: 'third_party' as const, clientId: 'vietcombank' };
    try {
      for (let i = 0; i < LIMITS.clientPerMinute; i++)
        await (i % 2 ? first : second).request(caller);
      await expect(first.request(caller)).rejects.toMatchObject({
        extensions: { code: 'RATE_LIMITED' },
      });
      await expect(second.request(caller)).rejects.toMatchObject({
        extensions: { code: 'RATE_LIMITED' },
      });
    } finally {
      const keys = await a.keys(`${prefix}*`);
      if (keys.length > 0) await a.del(...keys);
      a.disconnect();
      b.disconnect();
    }
  });
});
