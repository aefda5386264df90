// Holder binding of share credentials, without a server: a bound credential carries the holder's
// public key in `cnf.jwk`, and a presentation is accepted only with a key-binding JWT that the
// library's verification and ours find signed by that key, for the presenting grantee, fresh, over
// exactly the disclosures presented. Each failure has its own code.
import { describe, expect, it } from 'vitest';
import { holderKeyOf, newHolderKey } from '../../gateway/shares/holderKey.ts';
import { bindPresentation, verifyKeyBinding } from '../../gateway/shares/keyBinding.ts';
import {
  discloseOnly,
  issueShareCredential,
  verifyShareCredential,
} from '../../gateway/shares/shareCredential.ts';
import { newSigningJwks, signingKeysFrom } from '../../gateway/signing/signingKeys.ts';

const signing = await signingKeysFrom(await newSigningJwks('unit-signing-1'), 'unit keys');
const AUDIENCE = 'vietcombank';
const NONCE = 'n-0S6_WzA2Mj';

async function issued(alg: 'ES256' | 'EdDSA' = 'ES256') {
  const holder = await newHolderKey(alg);
  const credential = await issueShareCredential(signing, {
    id: '0190c0de-0000-7000-8000-000000000001',
    personalId: '001085000001',
    audience: AUDIENCE,
    issuedAt: new Date(),
    expiresAt: new Date(Date.now() + 600_000),
    fields: { fullName: 'Nguyễn Văn A', dateOfBirth: '1985-01-01', sex: 'MALE' },
    holderKey: await holderKeyOf(holder.publicJwk),
  });
  return { holder, credential };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: { code?: string }) => error.code ?? String(error),
  );
const check = (credential: string, audience = AUDIENCE, now?: Date) =>
  verifyKeyBinding(signing.jwks, credential, { audience, ...(now ? { now } : {}) });

describe('holder keys', () => {
  it('accept public ES256 and EdDSA keys and keep their public members only', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const { publicJwk } = await newHolderKey(alg);
      const key = await holderKeyOf({ ...publicJwk, kid: 'wallet-1', use: 'sig' });
      expect(key.alg).toBe(alg);
      expect(Object.keys(key.jwk).sort()).toEqual(
        alg === 'ES256' ? ['crv', 'kty', 'x', 'y'] : ['crv', 'kty', 'x'],
      );
    }
  });

  it('refuse a private key, another curve, a point off the curve and a non-object', async () => {
    const { privateJwk, publicJwk } = await newHolderKey('ES256');
    const offCurve = { ...publicJwk, y: publicJwk.x };
    for (const bad of [privateJwk, { ...publicJwk, crv: 'P-384' }, offCurve, 'key', null])
      await expect(holderKeyOf(bad), JSON.stringify(bad)).rejects.toThrow(/holderKey/);
  });
});

describe('key binding', () => {
  it('puts the holder key in cnf.jwk and accepts a presentation bound with it', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const { holder, credential } = await issued(alg);
      const share = await verifyShareCredential(signing.jwks, credential);
      expect(share.holderKey?.jwk).toEqual(holder.publicJwk);
      const shown = await bindPresentation(credential, holder.privateJwk, {
        audience: AUDIENCE,
        nonce: NONCE,
        disclose: ['fullName'],
      });
      expect(await check(shown)).toEqual({ nonce: NONCE });
      const presented = await verifyShareCredential(signing.jwks, shown);
      expect(presented.disclosed).toEqual({ fullName: 'Nguyễn Văn A' });
    }
  });

  it('binds what a credential already discloses when told nothing', async () => {
    const { holder, credential } = await issued();
    const withheld = await discloseOnly(credential, ['dateOfBirth']);
    const shown = await bindPresentation(withheld, holder.privateJwk, {
      audience: AUDIENCE,
      nonce: NONCE,
    });
    expect((await verifyShareCredential(signing.jwks, shown)).disclosed).toEqual({
      dateOfBirth: '1985-01-01',
    });
    expect(await check(shown)).toEqual({ nonce: NONCE });
  });

  it('refuses each flaw with its own code', async () => {
    const { holder, credential } = await issued();
    const bind = (
      options: Partial<Parameters<typeof bindPresentation>[2]> = {},
      key = holder.privateJwk,
    ) =>
      bindPresentation(credential, key, {
        audience: AUDIENCE,
        nonce: NONCE,
        disclose: ['fullName'],
        ...options,
      });
    const good = await bind();
    const [jwtAndDisclosures, kb] = [
      good.slice(0, good.lastIndexOf('~') + 1),
      good.slice(good.lastIndexOf('~') + 1),
    ];
    const extraDisclosure = (await discloseOnly(credential, ['sex'])).split('~')[1];
    const [kbHeader, kbPayload, kbSignature] = kb.split('.') as [string, string, string];
    const retyped = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'JWT' })).toString('base64url');
    const cases: [string, Promise<string> | string, string][] = [
      ['no key-binding JWT', discloseOnly(credential, ['fullName']), 'KEY_BINDING_REQUIRED'],
      [
        'another key',
        (async () => bind({}, (await newHolderKey()).privateJwk))(),
        'KEY_BINDING_WRONG_KEY',
      ],
      ['another audience', bind({ audience: 'momo' }), 'KEY_BINDING_WRONG_AUDIENCE'],
      ['made long ago', bind({ now: new Date(Date.now() - 10 * 60_000) }), 'KEY_BINDING_STALE'],
      [
        'made in the future',
        bind({ now: new Date(Date.now() + 10 * 60_000) }),
        'KEY_BINDING_STALE',
      ],
      [
        'a disclosure added after binding',
        `${jwtAndDisclosures}${extraDisclosure}~${kb}`,
        'KEY_BINDING_SD_HASH_MISMATCH',
      ],
      [
        'a disclosure removed after binding',
        `${jwtAndDisclosures.split('~')[0]}~${kb}`,
        'KEY_BINDING_SD_HASH_MISMATCH',
      ],
      [
        'not a kb+jwt',
        `${jwtAndDisclosures}${retyped}.${kbPayload}.${kbSignature}`,
        'KEY_BINDING_INVALID',
      ],
      [
        'its payload altered',
        `${jwtAndDisclosures}${kbHeader}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(kbPayload, 'base64url').toString()), aud: 'momo' })).toString('base64url')}.${kbSignature}`,
        'KEY_BINDING_WRONG_KEY',
      ],
    ];
    for (const [flaw, presentation, code] of cases)
      expect(await refusal(check(await presentation)), flaw).toBe(code);
    expect(await refusal(check(good))).toBe('accepted');
  });
});
