import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { devIssuer } from '../../gateway/auth/issuers.ts';
import { type DevKeys, loadOrCreateDevKeys, signDevToken } from '../../kernel/devKeys.ts';

describe('development keys in .data/keys', () => {
  it('are the same for callers that start together on a fresh checkout, and after', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'citizen-graph-dev-keys-')), 'keys');
    const together = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateDevKeys(dir)));
    const later = await loadOrCreateDevKeys(dir);
    for (const keys of [...together, later]) {
      expect(keys.gatewaySecret.equals(later.gatewaySecret)).toBe(true);
      expect(keys.issuerPublicJwk).toEqual(later.issuerPublicJwk);
    }
    expect(later.gatewaySecret.length).toBe(32);
    // Only the two key files remain: nothing written aside is left behind.
    expect(readdirSync(dir).sort()).toEqual(['dev-keys.json', 'gateway-secret']);
    // A token signed with one caller's copy verifies against another's issuer.
    const token = await signDevToken(together[0] as DevKeys, { sub: 'x', cg_kind: 'auditor' });
    const { keys, issuer, audience } = devIssuer(later);
    const { payload } = await jwtVerify(token, keys, { issuer, audience });
    expect(payload.sub).toBe('x');
  });
});
