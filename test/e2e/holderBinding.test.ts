// A share credential bound to its holder's key, end to end: the citizen gives a public key at
// issue, the grantee asks the gateway for a single-use nonce, the holder signs a key-binding JWT
// over what they disclose (in code and with `npm run share -- key / present`), and the grantee
// presents it. Each flaw — no KB-JWT, another key, another audience, a stale iat, an unknown,
// foreign or spent nonce, a disclosure added or removed after binding — is refused with its code
// and nothing is audited; a good presentation is audited once. Nonces live in memory on PGlite
// and in Redis on PostgreSQL (when both are there), as the gateway chooses by REDIS_URL.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditLog, shareCredentials } from '../../db/schema/access.ts';
import { generateCitizen } from '../../db/seed/generate.ts';
import { DEFAULT_LIMITS } from '../../gateway/limits/limitsConfig.ts';
import { newHolderKey } from '../../gateway/shares/holderKey.ts';
import { bindPresentation } from '../../gateway/shares/keyBinding.ts';
import { discloseOnly } from '../../gateway/shares/shareCredential.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';
import { expectedCitizen } from '../support/expected.ts';
import { codeOf, postJson } from '../support/routes.ts';
import { startTestSystem, type TestSystem } from '../support/testSystem.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** A level-2 adult no other suite issues credentials for (shareCredential.test.ts takes the last). */
function ownSubject() {
  const found: { index: number; personalId: string }[] = [];
  for (let index = TEST_POPULATION - 1; index >= 0 && found.length < 2; index--) {
    const r = generateCitizen(index, TEST_POPULATION);
    if (r.eidAccount?.level === 2 && !r.eidAccount.locked && r.card && r.licences.length > 0)
      found.push({ index, personalId: r.citizen.personalId });
  }
  if (!found[1]) throw new Error('too few level-2 citizens with a card and a licence');
  return found[1];
}
const subject = ownSubject();
const AUDIENCE = 'vietcombank';
const FIELDS = ['fullName', 'dateOfBirth', 'healthInsuranceCardCode'];

const redisUrl = inject('testRedisUrl');
const suites = backends().map((backend) => ({
  backend,
  name: backend.name,
  store: backend.name === 'postgres' && redisUrl ? 'redis' : 'memory',
}));

describe.each(suites)('holder-bound share credentials on $name, nonces in $store', (suite) => {
  let system: TestSystem;
  let base: string;
  let citizen: string;
  let bank: string;
  beforeAll(async () => {
    const limits = { ...DEFAULT_LIMITS, redisUrl: suite.store === 'redis' ? redisUrl : undefined };
    system = await startTestSystem(suite.backend, { limits });
    base = system.url.replace(/\/graphql$/, '');
    citizen = await system.token({ sub: subject.personalId, cg_kind: 'citizen', eid_level: 2 });
    bank = await system.token({ sub: AUDIENCE, cg_kind: 'third_party' });
  });
  afterAll(() => system?.stop());

  const post = (path: string, token: string, body: unknown) =>
    postJson(`${base}${path}`, token, body);
  const auditOf = (credentialId: string) =>
    system.database.drizzle().select().from(auditLog).where(eq(auditLog.consentId, credentialId));

  async function issueBound(holderKey: JWK) {
    const answer = await post('/shares', citizen, {
      personalId: subject.personalId,
      audience: AUDIENCE,
      fields: FIELDS,
      holderKey,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.holderBound).toBe(true);
    return answer.body as { id: string; credential: string };
  }
  async function nonceFor(token = bank) {
    const answer = await post('/shares/nonce', token, {});
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.nonce as string;
  }

  it('presents a credential bound to the holder key with a fresh KB-JWT, audited once', async () => {
    const holder = await newHolderKey('EdDSA');
    const { id, credential } = await issueBound(holder.publicJwk);
    const jwt = credential.split('~')[0] as string;
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString());
    expect(claims.cnf).toEqual({ jwk: holder.publicJwk });

    const shown = await bindPresentation(credential, holder.privateJwk, {
      audience: AUDIENCE,
      nonce: await nonceFor(),
      disclose: ['fullName', 'healthInsuranceCardCode'],
    });
    const presented = await post('/shares/present', bank, { credential: shown });
    expect(presented.status, JSON.stringify(presented.body)).toBe(200);
    const expected = expectedCitizen(subject.index);
    expect(presented.body).toMatchObject({
      id,
      subject: subject.personalId,
      claims: {
        fullName: expected.fullName,
        healthInsuranceCardCode: expected.healthInsurance?.cardCode,
      },
    });
    const records = await auditOf(id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      subgraph: 'population',
      callerKind: 'third_party',
      callerId: AUDIENCE,
      subject: subject.personalId,
      purpose: 'share-credential',
      decision: 'ALLOW',
    });
    expect([...(records[0]?.scopes ?? [])].sort()).toEqual(['health_insurance', 'identity']);
  });

  it('refuses every flawed binding with its code, and audits none of them', async () => {
    const holder = await newHolderKey('ES256');
    const { id, credential } = await issueBound(holder.publicJwk);
    const bind = async (options: Record<string, unknown> = {}, key = holder.privateJwk) =>
      bindPresentation(credential, key, {
        audience: AUDIENCE,
        nonce: await nonceFor(),
        disclose: ['fullName'],
        ...options,
      });
    const good = await bind();
    const cut = good.lastIndexOf('~') + 1;
    const [bound, kb] = [good.slice(0, cut), good.slice(cut)];
    const extra = (await discloseOnly(credential, ['dateOfBirth'])).split('~')[1];
    const momo = await system.token({ sub: 'momo', cg_kind: 'third_party' });
    const cases: [string, () => Promise<string>, number, string][] = [
      ['no KB-JWT', () => discloseOnly(credential, ['fullName']), 400, 'KEY_BINDING_REQUIRED'],
      [
        'another key',
        async () => bind({}, (await newHolderKey('ES256')).privateJwk),
        400,
        'KEY_BINDING_WRONG_KEY',
      ],
      ['another audience', () => bind({ audience: 'momo' }), 403, 'KEY_BINDING_WRONG_AUDIENCE'],
      [
        'an iat ten minutes old',
        () => bind({ now: new Date(Date.now() - 600_000) }),
        400,
        'KEY_BINDING_STALE',
      ],
      ['a nonce never issued', () => bind({ nonce: 'made-up-nonce' }), 400, 'NONCE_UNKNOWN'],
      [
        "another system's nonce",
        async () => bind({ nonce: await nonceFor(momo) }),
        400,
        'NONCE_UNKNOWN',
      ],
      [
        'a disclosure added after binding',
        async () => `${bound}${extra}~${kb}`,
        400,
        'KEY_BINDING_SD_HASH_MISMATCH',
      ],
      [
        'a disclosure removed after binding',
        async () => `${bound.split('~')[0]}~${kb}`,
        400,
        'KEY_BINDING_SD_HASH_MISMATCH',
      ],
    ];
    for (const [flaw, presentation, status, code] of cases) {
      const answer = await post('/shares/present', bank, { credential: await presentation() });
      expect([answer.status, codeOf(answer)], flaw).toEqual([status, code]);
    }
    expect(await auditOf(id)).toHaveLength(0);

    // The good one was left unspent by the refusals above; once spent, it cannot be replayed.
    expect((await post('/shares/present', bank, { credential: good })).status).toBe(200);
    const replayed = await post('/shares/present', bank, { credential: good });
    expect([replayed.status, codeOf(replayed)]).toEqual([400, 'NONCE_REUSED']);
    expect(await auditOf(id)).toHaveLength(1);
  });

  it('refuses a holder key it cannot bind to, recording nothing', async () => {
    const rows = () =>
      system.database
        .drizzle()
        .select()
        .from(shareCredentials)
        .where(eq(shareCredentials.personalId, subject.personalId));
    const before = (await rows()).length;
    const { privateJwk, publicJwk } = await newHolderKey('ES256');
    for (const holderKey of [privateJwk, { ...publicJwk, crv: 'P-384' }, 'not a key']) {
      const answer = await post('/shares', citizen, {
        personalId: subject.personalId,
        audience: AUDIENCE,
        fields: FIELDS,
        holderKey,
      });
      expect([answer.status, codeOf(answer)], JSON.stringify(holderKey)).toEqual([
        400,
        'INVALID_HOLDER_KEY',
      ]);
    }
    expect(await rows()).toHaveLength(before);
  });

  it('hands nonces to the systems that present, not to citizens', async () => {
    const answer = await post('/shares/nonce', citizen, {});
    expect([answer.status, codeOf(answer)]).toEqual([403, 'FORBIDDEN']);
    const issued = await post('/shares/nonce', bank, {});
    expect(issued.body).toMatchObject({ audience: AUDIENCE, nonce: expect.any(String) });
    expect(Date.parse(issued.body.expiresAt as string)).toBeGreaterThan(Date.now());
  });

  it('lets a holder present with a key through `npm run share -- key` and `present`', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cg-holder-')), 'holder.jwk');
    const share = (...args: string[]) =>
      run('node', ['--import', 'tsx', 'gateway/share.ts', ...args], {
        cwd: root,
        timeout: 120_000,
      });
    const { stdout: publicJwk } = await share('key', '--out', file);
    const { id, credential } = await issueBound(JSON.parse(publicJwk));
    const present = (...more: string[]) =>
      share('present', credential, '--key', file, '--audience', AUDIENCE, ...more);
    const { stdout: shown } = await present(
      `--nonce=${await nonceFor()}`,
      '--disclose',
      'dateOfBirth',
    );
    const presented = await post('/shares/present', bank, { credential: shown.trim() });
    expect(presented.status, JSON.stringify(presented.body)).toBe(200);
    expect(presented.body).toMatchObject({
      id,
      claims: { dateOfBirth: expectedCitizen(subject.index).dateOfBirth },
    });
    // A base64url nonce begins with "-" one time in 64; `--nonce=` carries it whole.
    const { stdout: dashed } = await present('--nonce=-leading-dash');
    const kbJwt = dashed.trim().split('~').at(-1) ?? '';
    const payload = JSON.parse(Buffer.from(kbJwt.split('.')[1] ?? '', 'base64url').toString());
    expect(payload).toMatchObject({ nonce: '-leading-dash', aud: AUDIENCE });
  }, 150_000);
});
