import { randomUUID } from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Request and audit ids made
 * this way sort by time, so the audit log's indexes grow at one end instead of at random pages.
 * The random bits and the variant come from a v4 UUID: `randomUUID` draws from a cached pool of
 * entropy, where `randomBytes(16)` asked the system for every id (one id per audit record).
 */
export function uuidV7(now = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`;
}
