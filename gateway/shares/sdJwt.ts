import type { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';

type Options = NonNullable<ConstructorParameters<typeof SDJwtVcInstance>[0]>;

/**
 * An SD-JWT VC instance hashing with SHA-256. The library and zod under it are 3.6 MB of heap,
 * which every gateway held from start-up: they are loaded with the first credential instead.
 */
export async function sdJwtVc(options: Options = {}): Promise<SDJwtVcInstance> {
  const [{ SDJwtVcInstance }, { digest, generateSalt }] = await Promise.all([
    import('@sd-jwt/sd-jwt-vc'),
    import('@sd-jwt/crypto-nodejs'),
  ]);
  return new SDJwtVcInstance({
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: generateSalt,
    ...options,
  });
}
