import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authConfig } from '../../gateway/auth/authConfig.ts';
import { subgraphTokenKey } from '../../kernel/access/internalToken.ts';
import { generateDevKeys } from '../../kernel/devKeys.ts';
import { subgraphKeyConfig } from '../../kernel/subgraphKey.ts';

const dir = mkdtempSync(join(tmpdir(), 'citizen-graph-keys-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const secret = randomBytes(32);
const secretFile = file('gateway-secret', `${secret.toString('base64url')}\n`);
const issuers = JSON.stringify([
  {
    issuer: 'https://id.example.gov.vn',
    audience: 'citizen-graph',
    jwksFile: file(
      'jwks.json',
      JSON.stringify({ keys: [(await generateDevKeys()).issuerPublicJwk] }),
    ),
  },
]);

describe('internal token keys from the environment', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('derives a subgraph key from GATEWAY_TOKEN_SECRET_FILE outside production', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    vi.stubEnv('GATEWAY_TOKEN_SECRET_FILE', secretFile);
    vi.stubEnv('SUBGRAPH_TOKEN_KEY_FILE', '');
    expect((await subgraphKeyConfig('tax')).equals(subgraphTokenKey(secret, 'tax'))).toBe(true);
  });

  it('makes a key file with npm run token that the subgraph then reads, also in production', async () => {
    const printed = execFileSync('npx', ['tsx', 'gateway/token.ts', 'subgraph-key', 'tax'], {
      env: { ...process.env, NODE_ENV: 'development', GATEWAY_TOKEN_SECRET_FILE: secretFile },
      encoding: 'utf8',
    }).trim();
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('SUBGRAPH_TOKEN_KEY_FILE', file('tax-key', printed));
    expect((await subgraphKeyConfig('tax')).equals(subgraphTokenKey(secret, 'tax'))).toBe(true);
  });

  it('refuses to start in production without the key files, or with a short secret', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('SUBGRAPH_TOKEN_KEY_FILE', '');
    vi.stubEnv('GATEWAY_TOKEN_SECRET_FILE', '');
    vi.stubEnv('TRUSTED_ISSUERS', issuers);
    await expect(subgraphKeyConfig('tax')).rejects.toThrow(/SUBGRAPH_TOKEN_KEY_FILE/);
    await expect(authConfig()).rejects.toThrow(/GATEWAY_TOKEN_SECRET_FILE/);
    vi.stubEnv('GATEWAY_TOKEN_SECRET_FILE', file('short', randomBytes(16).toString('base64url')));
    await expect(authConfig()).rejects.toThrow(/at least 32/);
  });
});
