import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** How long a presentation nonce may wait to be spent: a holder shows the credential at once. */
export const NONCE_TTL_SECONDS = 120;

/** What spending a nonce found: it was the grantee's and is now spent, never issued, or spent before. */
export type NonceSpend = 'spent' | 'unknown' | 'reused';

/**
 * Single-use nonces for key-binding JWTs, each issued to one grantee. A spent nonce is kept
 * (marked) until its TTL ends so that a replay is told apart from a nonce never issued.
 */
export interface NonceStore {
  issue(grantee: string): Promise<{ nonce: string; expiresAt: Date }>;
  spend(nonce: string, grantee: string): Promise<NonceSpend>;
}

/** The store could not be reached: the nonce can be neither issued nor spent (503). */
export class NonceStoreUnavailable extends Error {}

const SPENT = '~spent';
const newNonce = () => randomBytes(18).toString('base64url');

/** In this process: enough for one gateway, and for `npm start`. */
export class MemoryNonces implements NonceStore {
  private readonly nonces = new Map<string, { grantee: string; until: number }>();

  constructor(private readonly ttlSeconds = NONCE_TTL_SECONDS) {}

  async issue(grantee: string) {
    this.forgetExpired();
    const nonce = newNonce();
    const until = Date.now() + this.ttlSeconds * 1000;
    this.nonces.set(nonce, { grantee, until });
    return { nonce, expiresAt: new Date(until) };
  }

  async spend(nonce: string, grantee: string): Promise<NonceSpend> {
    const entry = this.nonces.get(nonce);
    if (!entry || entry.until <= Date.now()) return 'unknown';
    if (entry.grantee === SPENT) return 'reused';
    if (entry.grantee !== grantee) return 'unknown';
    entry.grantee = SPENT;
    return 'spent';
  }

  private forgetExpired() {
    const now = Date.now();
    for (const [nonce, { until }] of this.nonces) if (until <= now) this.nonces.delete(nonce);
  }
}

// Read and mark in one step, so two replicas spending one nonce at once cannot both succeed.
const SPEND_SCRIPT = `
local held = redis.call('GET', KEYS[1])
if not held then return 'unknown' end
if held == '${SPENT}' then return 'reused' end
if held ~= ARGV[1] then return 'unknown' end
redis.call('SET', KEYS[1], '${SPENT}', 'KEEPTTL')
return 'spent'`;

/**
 * In Redis, shared by every gateway replica: a nonce issued by one is spent once on any. No
 * fallback to memory while Redis is away (unlike the rate limits): a replica that cannot see
 * the others could not promise single use, so issuing and spending are refused instead.
 */
export class RedisNonces implements NonceStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds = NONCE_TTL_SECONDS,
  ) {}

  async issue(grantee: string) {
    const nonce = newNonce();
    await this.reach(() => this.redis.set(this.key(nonce), grantee, 'EX', this.ttlSeconds));
    return { nonce, expiresAt: new Date(Date.now() + this.ttlSeconds * 1000) };
  }

  async spend(nonce: string, grantee: string): Promise<NonceSpend> {
    const found = await this.reach(() =>
      this.redis.eval(SPEND_SCRIPT, 1, this.key(nonce), grantee),
    );
    return found as NonceSpend;
  }

  private key = (nonce: string) => `${this.prefix}:nonce:${nonce}`;

  private async reach<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new NonceStoreUnavailable((error as Error).message);
    }
  }
}
