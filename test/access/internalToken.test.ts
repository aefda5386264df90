import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateDevKeys } from '../../gateway/auth/devKeys.ts';
import {
  signInternalToken,
  verifyInternalToken,
} from '../../subgraphs/shared/access/internalToken.ts';

const identity = {
  caller: { kind: 'auditor' as const, clientId: 'inspectorate' },
  purpose: 'inspection',
  requestId: randomUUID(),
};
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('the gateway-signed internal token', () => {
  afterEach(() => vi.useRealTimers());

  it('is refused once expired', async () => {
    const keys = await generateDevKeys();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-24T08:00:00Z'));
    const token = await signInternalToken(keys.gatewayPrivate, identity);
    vi.setSystemTime(new Date('2026-11-24T08:00:59Z'));
    expect(await verifyInternalToken(keys.gatewayPublic, token)).toEqual(identity);
    vi.setSystemTime(new Date('2026-11-24T08:01:06Z'));
    await expect(verifyInternalToken(keys.gatewayPublic, token)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('carries the caller, purpose and request id to a subgraph holding the public key', async () => {
    const keys = await generateDevKeys();
    const token = await signInternalToken(keys.gatewayPrivate, identity);
    expect(await verifyInternalToken(keys.gatewayPublic, token)).toEqual(identity);
  });

  it('refuses another key, a changed payload, another algorithm and no token', async () => {
    const keys = await generateDevKeys();
    const other = await generateDevKeys();
    const token = await signInternalToken(keys.gatewayPrivate, identity);
    const [header, , signature] = token.split('.');
    const refusals = [
      verifyInternalToken(other.gatewayPublic, token),
      verifyInternalToken(
        keys.gatewayPublic,
        `${header}.${b64({ ...identity, caller: { kind: 'auditor', clientId: 'x' } })}.${signature}`,
      ),
      verifyInternalToken(
        keys.gatewayPublic,
        `${b64({ alg: 'none', typ: 'JWT' })}.${token.split('.')[1]}.`,
      ),
      verifyInternalToken(keys.gatewayPublic, undefined),
    ];
    for (const refusal of refusals)
      await expect(refusal).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
