import { compactVerify, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  compactJws,
  newSigningJwks,
  signingKeysFrom,
  signJsonBytes,
} from '../../gateway/signing/signingKeys.ts';

describe('the gateway signing keys', () => {
  it('sign with the first key and publish both during a rotation, public parts only', async () => {
    const next = (await newSigningJwks('2026-12')).keys;
    const previous = (await newSigningJwks('2026-06')).keys;
    const keys = await signingKeysFrom({ keys: [...next, ...previous] }, 'test');
    expect(keys.jwks.keys.map((k) => k.kid)).toEqual(['2026-12', '2026-06']);
    expect(keys.jwks.keys.some((k) => 'd' in k)).toBe(false);
    const jws = signJsonBytes(
      keys,
      Buffer.from(JSON.stringify({ hello: 'world' })),
      'prefill+json',
    );
    const { protectedHeader } = await compactVerify(jws, createLocalJWKSet(keys.jwks));
    expect(protectedHeader.kid).toBe('2026-12');
    // What the previous key signed before the rotation still verifies.
    const old = await signingKeysFrom({ keys: previous }, 'test');
    const before = signJsonBytes(
      old,
      Buffer.from(JSON.stringify({ hello: 'world' })),
      'prefill+json',
    );
    await expect(compactVerify(before, createLocalJWKSet(keys.jwks))).resolves.toBeTruthy();
  });

  it.each(['ES256', 'EdDSA'] as const)(
    'makes a %s JWS that jose verifies over the exact text, and no changed byte verifies',
    async (alg) => {
      const { privateKey } = await generateKeyPair(alg, { extractable: true });
      const jwk = { ...(await exportJWK(privateKey)), kid: 'k1', alg };
      const keys = await signingKeysFrom({ keys: [jwk] }, 'test');
      const text = JSON.stringify({ subjects: [{ subject: '001099000001', name: 'Lê Thị Hà' }] });
      const jws = signJsonBytes(keys, Buffer.from(text), 'bulk-prefill+json');
      const keySet = createLocalJWKSet(keys.jwks);
      const { payload, protectedHeader } = await compactVerify(jws, keySet);
      expect(protectedHeader).toEqual({ alg, kid: 'k1', typ: 'bulk-prefill+json' });
      expect(new TextDecoder().decode(payload)).toBe(text);
      const [header, body, signature] = jws.split('.') as [string, string, string];
      const bytes = Buffer.from(body, 'base64url');
      for (let k = 0; k < bytes.length; k += 1) {
        const changed = Buffer.from(bytes);
        changed[k] = (changed[k] as number) ^ 0x01;
        const forged = `${header}.${changed.toString('base64url')}.${signature}`;
        await expect(compactVerify(forged, keySet)).rejects.toThrow();
      }
    },
  );

  it.each(['ES256', 'EdDSA'] as const)(
    'gives a %s JWS in ASCII pieces that, written one after the other, jose verifies',
    async (alg) => {
      const { privateKey } = await generateKeyPair(alg, { extractable: true });
      const jwk = { ...(await exportJWK(privateKey)), kid: 'k1', alg };
      const keys = await signingKeysFrom({ keys: [jwk] }, 'test');
      // Large enough that ES256 hashes the pieces in several updates, with non-ASCII text.
      const text = JSON.stringify({
        names: Array.from({ length: 5_000 }, (_, k) => `Lê Thị Hà ${k}`),
      });
      const pieces = compactJws(keys, Buffer.from(text), 'bulk-prefill+json');
      expect(pieces.length).toBeGreaterThan(1);
      const jws = Buffer.concat(pieces).toString('latin1');
      expect(jws).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const { payload } = await compactVerify(jws, createLocalJWKSet(keys.jwks));
      expect(new TextDecoder().decode(payload)).toBe(text);
      const [header, body] = jws.split('.') as [string, string, string];
      const other = compactJws(keys, Buffer.from(`${text} `), 'bulk-prefill+json');
      const swapped = `${header}.${body}${Buffer.concat(other.slice(2)).toString('latin1')}`;
      await expect(compactVerify(swapped, createLocalJWKSet(keys.jwks))).rejects.toThrow();
    },
  );

  it('refuses a key set it cannot sign with, naming the problem', async () => {
    const [key] = (await newSigningJwks('k1')).keys;
    const { d: _d, ...publicOnly } = key as Record<string, unknown>;
    await expect(signingKeysFrom({ keys: [] }, 'F')).rejects.toThrow('F: holds no key');
    await expect(signingKeysFrom({ keys: [publicOnly] }, 'F')).rejects.toThrow('must be private');
    await expect(signingKeysFrom({ keys: [{ ...key, alg: 'HS256' }] }, 'F')).rejects.toThrow(
      'alg must be ES256 or EdDSA',
    );
    await expect(signingKeysFrom({ keys: [{ ...key, kid: undefined }] }, 'F')).rejects.toThrow(
      'every key needs a kid',
    );
  });
});
