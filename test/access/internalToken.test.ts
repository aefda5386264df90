import { createHmac, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  internalTokenSigner,
  internalTokenVerifier,
  requestIdFrom,
  reusingTokenSigner,
  subgraphTokenKey,
  verifyInternalToken,
} from '../../kernel/access/internalToken.ts';

const identity = {
  caller: { kind: 'auditor' as const, clientId: 'inspectorate' },
  purpose: 'inspection',
};
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const secret = randomBytes(32);
const sign = internalTokenSigner(secret);
const taxKey = subgraphTokenKey(secret, 'tax');
/** The error code a verification throws, or 'ACCEPTED'. */
const outcome = (verification: () => unknown) => {
  try {
    verification();
    return 'ACCEPTED';
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
};

describe('the gateway-signed internal token', () => {
  afterEach(() => vi.useRealTimers());

  it('carries the caller and purpose to the subgraph it was signed for', () => {
    expect(verifyInternalToken(taxKey, 'tax', sign('tax', identity))).toEqual(identity);
  });

  it('is refused once expired', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-24T08:00:00Z'));
    const token = sign('tax', identity);
    vi.setSystemTime(new Date('2026-11-24T08:00:59Z'));
    expect(verifyInternalToken(taxKey, 'tax', token)).toEqual(identity);
    vi.setSystemTime(new Date('2026-11-24T08:01:06Z'));
    expect(outcome(() => verifyInternalToken(taxKey, 'tax', token))).toBe('UNAUTHENTICATED');
  });

  it('is refused by another subgraph, even one holding its own valid key', () => {
    const forTax = sign('tax', identity);
    const drivingKey = subgraphTokenKey(secret, 'driving');
    expect(drivingKey.equals(taxKey)).toBe(false);
    expect(outcome(() => verifyInternalToken(drivingKey, 'driving', forTax))).toBe(
      'UNAUTHENTICATED',
    );
    // A subgraph's key signs only for itself: a token it makes for "tax" fails tax's check.
    const [header, body] = sign('tax', identity).split('.');
    const forgedMac = createHmac('sha256', drivingKey).update(`${header}.${body}`).digest();
    expect(
      outcome(() =>
        verifyInternalToken(taxKey, 'tax', `${header}.${body}.${forgedMac.toString('base64url')}`),
      ),
    ).toBe('UNAUTHENTICATED');
  });

  it('refuses another secret, a changed payload, another algorithm and no token', () => {
    const token = sign('tax', identity);
    const [header, body, mac] = token.split('.');
    const payload = JSON.parse(Buffer.from(body as string, 'base64url').toString('utf8'));
    const tokens = [
      internalTokenSigner(randomBytes(32))('tax', identity),
      `${header}.${b64({ ...payload, caller: { kind: 'agency', clientId: 'x', scopes: ['tax'] } })}.${mac}`,
      `${b64({ alg: 'none', typ: 'JWT' })}.${body}.`,
      `${header}.${body}.${(mac as string).slice(0, 20)}`,
      undefined,
    ];
    for (const t of tokens)
      expect(outcome(() => verifyInternalToken(taxKey, 'tax', t))).toBe('UNAUTHENTICATED');
  });

  it('is reused for the same caller, subgraph and purpose for half its lifetime', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-24T08:00:00Z'));
    const reuse = reusingTokenSigner(secret);
    const first = reuse('tax', identity);
    expect(verifyInternalToken(taxKey, 'tax', first)).toEqual(identity);
    vi.setSystemTime(new Date('2026-11-24T08:00:29Z'));
    expect(reuse('tax', identity)).toBe(first);
    expect(reuse('tax', { ...identity, purpose: 'audit' })).not.toBe(first);
    expect(reuse('driving', identity)).not.toBe(first);
    // Another caller object, even with the same claims, is signed for on its own.
    expect(reuse('tax', { ...identity, caller: { ...identity.caller } })).not.toBe(first);
    vi.setSystemTime(new Date('2026-11-24T08:00:31Z'));
    const renewed = reuse('tax', identity);
    expect(renewed).not.toBe(first);
    expect(verifyInternalToken(taxKey, 'tax', renewed)).toEqual(identity);
  });

  it('is verified once by a verifier that remembers it, and refused by it once expired', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-24T08:00:00Z'));
    const verify = internalTokenVerifier(taxKey, 'tax');
    const token = sign('tax', identity);
    const grant = verify(token);
    expect(grant).toEqual(identity);
    expect(verify(token)).toBe(grant);
    expect(outcome(() => verify(sign('driving', identity)))).toBe('UNAUTHENTICATED');
    expect(outcome(() => verify(undefined))).toBe('UNAUTHENTICATED');
    vi.setSystemTime(new Date('2026-11-24T08:01:06Z'));
    expect(outcome(() => verify(token))).toBe('UNAUTHENTICATED');
  });

  it('travels with a request id the subgraph takes if well-formed, else makes its own', () => {
    expect(requestIdFrom('req-0123456789')).toBe('req-0123456789');
    for (const given of ['short', 'a b c d e f g h', undefined, ['req-0123456789']]) {
      expect(requestIdFrom(given)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    }
  });

  it('refuses a gateway secret shorter than 32 bytes', () => {
    expect(() => subgraphTokenKey(randomBytes(16), 'tax')).toThrow(/at least 32 bytes/);
  });
});
