// The QR share credential end to end: a citizen issues an SD-JWT VC of named fields to one
// grantee, shows it as a QR code (endpoint and npm command, decoded back with jsQR), discloses only
// some claims, and the grantee presents it; it works for its audience only, never after expiry or
// revocation, a tampered one is refused, every read is audited and bad input writes nothing.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { and, eq, sql } from 'drizzle-orm';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, shareCredentials } from '../../db/schema/access.ts';
import { generateCitizen } from '../../db/seed/generate.ts';
import { discloseOnly, issueShareCredential } from '../../gateway/shares/shareCredential.ts';
import { newSigningJwks, signingKeysFrom } from '../../gateway/signing/signingKeys.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';
import { expectedCitizen } from '../support/expected.ts';
import { codeOf, postJson } from '../support/routes.ts';
import { startTestSystem, type TestSystem } from '../support/testSystem.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A citizen no other suite reads (the last with a level-2 account, a card and a licence). */
function ownSubject() {
  for (let index = TEST_POPULATION - 1; index >= 0; index--) {
    const r = generateCitizen(index, TEST_POPULATION);
    if (r.eidAccount?.level === 2 && !r.eidAccount.locked && r.card && r.licences.length > 0)
      return { index, personalId: r.citizen.personalId };
  }
  throw new Error('no level-2 citizen with a card and a licence in the test population');
}
const subject = ownSubject();
/** Someone else, not a ward of the subject: the subject may not share their data. */
const other = [...Array(subject.index).keys()]
  .map((i) => generateCitizen(subject.index - 1 - i, TEST_POPULATION))
  .find((r) => r.familyLinks.every((l) => l.guardianPersonalId !== subject.personalId))?.citizen
  .personalId as string;
const AUDIENCE = 'bach-mai-hospital';
const FIELDS = ['fullName', 'dateOfBirth', 'permanentAddress', 'healthInsuranceCardCode'];

/** An under-14 child whose first-listed parent has an unlocked level-2 account. */
function childWithParent() {
  const records = [...Array(TEST_POPULATION).keys()].map((i) =>
    generateCitizen(i, TEST_POPULATION),
  );
  const accounts = new Map(records.map((r) => [r.citizen.personalId, r.eidAccount]));
  const today = new Date().toISOString().slice(0, 10);
  const fourteenYearsAgo = `${Number(today.slice(0, 4)) - 14}${today.slice(4)}`;
  for (const [index, r] of [...records.entries()].reverse()) {
    const parent = r.familyLinks[0]?.guardianPersonalId;
    const account = parent === undefined ? null : accounts.get(parent);
    if (account?.level === 2 && !account.locked && r.citizen.dateOfBirth > fourteenYearsAgo)
      return { child: { index, personalId: r.citizen.personalId }, parent: parent as string };
  }
  throw new Error('no young child with a level-2 parent in the test population');
}

/** The text of the QR code in a PNG, as a phone's reader sees it. */
function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsqr.default(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

describe.each(backends())('share credentials on $name', (backend) => {
  let system: TestSystem;
  let base: string;
  let citizen: string;
  let audience: string;
  beforeAll(async () => {
    system = await startTestSystem(backend);
    base = system.url.replace(/\/graphql$/, '');
    citizen = await system.token({ sub: subject.personalId, cg_kind: 'citizen', eid_level: 2 });
    audience = await system.token({ sub: AUDIENCE, cg_kind: 'third_party' });
  });
  afterAll(() => system?.stop());

  const post = (path: string, token: string, body: unknown) =>
    postJson(`${base}${path}`, token, body);

  async function issue(fields = FIELDS, extra: Record<string, unknown> = {}) {
    const answer = await post('/shares', citizen, {
      personalId: subject.personalId,
      audience: AUDIENCE,
      fields,
      ...extra,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body as { id: string; credential: string; expiresAt: string };
  }

  const rowsOf = (personalId: string) =>
    system.database
      .drizzle()
      .select()
      .from(shareCredentials)
      .where(eq(shareCredentials.personalId, personalId));
  const auditOf = (credentialId: string) =>
    system.database.drizzle().select().from(auditLog).where(eq(auditLog.consentId, credentialId));

  it('discloses the fields issued, as the generator made them, with the read audited', async () => {
    const { id, credential } = await issue();
    const presented = await post('/shares/present', audience, { credential });
    expect(presented.status, JSON.stringify(presented.body)).toBe(200);
    const expected = expectedCitizen(subject.index);
    expect(presented.body).toMatchObject({ id, subject: subject.personalId });
    expect(presented.body.claims).toEqual({
      fullName: expected.fullName,
      dateOfBirth: expected.dateOfBirth,
      permanentAddress: expected.permanentResidence?.address,
      healthInsuranceCardCode: expected.healthInsurance?.cardCode,
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
    expect([...(records[0]?.scopes ?? [])].sort()).toEqual([
      'health_insurance',
      'identity',
      'residence',
    ]);
    const log = await system.query<{ accessLog: { callerId: string; consentId: string }[] }>(
      'query ($p: ID!) { accessLog(personalId: $p, limit: 20) { callerId consentId } }',
      { p: subject.personalId },
      { authorization: `Bearer ${citizen}` },
    );
    expect(log.data?.accessLog).toContainEqual({ callerId: AUDIENCE, consentId: id });
  });

  it('discloses only the claims the citizen selected, and audits only their scopes', async () => {
    const { id, credential } = await issue();
    const shown = await discloseOnly(credential, ['fullName']);
    expect(shown.split('~').filter(Boolean)).toHaveLength(2); // the signed JWT and one disclosure
    const presented = await post('/shares/present', audience, { credential: shown });
    expect(presented.status).toBe(200);
    expect(presented.body.claims).toEqual({ fullName: expectedCitizen(subject.index).fullName });
    const [record] = await auditOf(id);
    expect(record?.scopes).toEqual(['identity']);
  });

  it('verifies with the published JWKS alone, by the kid in its header', async () => {
    const { credential } = await issue(['sex']);
    const jwks = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    const [jwt] = credential.split('~');
    const { protectedHeader, payload } = await compactVerify(
      jwt as string,
      createLocalJWKSet(jwks),
    );
    expect(protectedHeader).toMatchObject({ kid: 'test-signing-1', typ: 'dc+sd-jwt' });
    const claims = JSON.parse(new TextDecoder().decode(payload));
    expect(claims).toMatchObject({ sub: subject.personalId, aud: AUDIENCE });
    expect(claims.sex).toBeUndefined(); // only its digest: the value travels in the disclosure
  });

  it('works for its audience only', async () => {
    const { id, credential } = await issue();
    const wallet = await system.token({ sub: 'momo', cg_kind: 'third_party' });
    const wrong = await post('/shares/present', wallet, { credential });
    expect([wrong.status, codeOf(wrong)]).toEqual([403, 'CREDENTIAL_WRONG_AUDIENCE']);
    const byCitizen = await post('/shares/present', citizen, { credential });
    expect([byCitizen.status, codeOf(byCitizen)]).toEqual([403, 'FORBIDDEN']);
    expect(await auditOf(id)).toHaveLength(0);
  });

  it('is refused once revoked, and the citizen lists it as revoked', async () => {
    const { id, credential } = await issue();
    const revoked = await system.query(
      'mutation ($p: ID!, $id: ID!) { revokeShareCredential(personalId: $p, id: $id) { id status } }',
      { p: subject.personalId, id },
      { authorization: `Bearer ${citizen}` },
    );
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data).toEqual({ revokeShareCredential: { id, status: 'REVOKED' } });
    const presented = await post('/shares/present', audience, { credential });
    expect([presented.status, codeOf(presented)]).toEqual([410, 'CREDENTIAL_REVOKED']);
    expect(await auditOf(id)).toHaveLength(0);
    const listed = await system.query<{ shareCredentials: Record<string, unknown>[] }>(
      'query ($p: ID!) { shareCredentials(personalId: $p) { id status fields audience { clientId } } }',
      { p: subject.personalId },
      { authorization: `Bearer ${citizen}` },
    );
    expect(listed.data?.shareCredentials).toContainEqual({
      id,
      status: 'REVOKED',
      fields: FIELDS,
      audience: { clientId: AUDIENCE },
    });
  });

  it('is refused after expiry: by its signed exp, and by its record', async () => {
    const { id } = await issue();
    const pastExp = await issueShareCredential(system.signing, {
      id,
      personalId: subject.personalId,
      audience: AUDIENCE,
      issuedAt: new Date(Date.now() - 120_000),
      expiresAt: new Date(Date.now() - 60_000),
      fields: { fullName: 'x' },
    });
    const signed = await post('/shares/present', audience, { credential: pastExp });
    expect([signed.status, codeOf(signed)]).toEqual([410, 'CREDENTIAL_EXPIRED']);
    // A credential whose exp is still ahead but whose record has run out is refused too.
    const { id: second, credential } = await issue();
    await system.database
      .drizzle()
      .update(shareCredentials)
      .set({ validUntil: sql`now() - interval '1 second'` })
      .where(
        and(eq(shareCredentials.personalId, subject.personalId), eq(shareCredentials.id, second)),
      );
    const recorded = await post('/shares/present', audience, { credential });
    expect([recorded.status, codeOf(recorded)]).toEqual([410, 'CREDENTIAL_EXPIRED']);
    expect([...(await auditOf(id)), ...(await auditOf(second))]).toHaveLength(0);
  });

  it('refuses a tampered credential, a forged disclosure and a key that is not published', async () => {
    const { id, credential } = await issue();
    const [jwt, ...disclosures] = credential.split('~');
    const [header, payload, signature] = (jwt as string).split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    const altered = Buffer.from(JSON.stringify({ ...claims, aud: 'momo' })).toString('base64url');
    const forgedDisclosure = Buffer.from(
      JSON.stringify(['c2FsdA', 'fullName', 'Someone Else']),
    ).toString('base64url');
    const foreignKeys = await signingKeysFrom(await newSigningJwks('test-signing-1'), 'foreign');
    const tampered = [
      [`${header}.${altered}.${signature}`, ...disclosures].join('~'),
      [jwt, forgedDisclosure, ''].join('~'),
      credential.replace(/~([^~]+)~/, (_, d: string) => `~${d.slice(0, -2)}AA~`),
      await issueShareCredential(foreignKeys, {
        id,
        personalId: subject.personalId,
        audience: AUDIENCE,
        issuedAt: new Date(),
        expiresAt: new Date(Date.now() + 60_000),
        fields: { fullName: 'Someone Else' },
      }),
      'not a credential',
    ];
    for (const forged of tampered) {
      const presented = await post('/shares/present', audience, { credential: forged });
      expect([presented.status, codeOf(presented)], forged).toEqual([400, 'CREDENTIAL_INVALID']);
    }
    expect(await auditOf(id)).toHaveLength(0);
  });

  it('refuses bad issue requests with precise codes and records nothing', async () => {
    const before = (await rowsOf(subject.personalId)).length;
    const level1 = await system.token({
      sub: subject.personalId,
      cg_kind: 'citizen',
      eid_level: 1,
    });
    const refusals: [Record<string, unknown>, string, number, string][] = [
      [{ fields: ['fullName', 'salary'] }, citizen, 400, 'UNKNOWN_SHARE_FIELD'],
      [{ fields: [] }, citizen, 400, 'BAD_USER_INPUT'],
      [{ audience: 'no-such-bank' }, citizen, 400, 'UNKNOWN_AUDIENCE'],
      [{ personalId: '12345' }, citizen, 400, 'BAD_USER_INPUT'],
      [{ validForMinutes: 61 }, citizen, 400, 'BAD_USER_INPUT'],
      [{ personalId: other }, citizen, 403, 'FORBIDDEN'],
      [{}, audience, 403, 'FORBIDDEN'],
      [{}, level1, 403, 'FORBIDDEN'], // the health insurance card needs an e-ID of level 2
    ];
    for (const [change, token, status, code] of refusals) {
      const body = {
        personalId: subject.personalId,
        audience: AUDIENCE,
        fields: FIELDS,
        ...change,
      };
      const answer = await post('/shares', token, body);
      expect([answer.status, codeOf(answer)], JSON.stringify(change)).toEqual([status, code]);
    }
    expect(await rowsOf(subject.personalId)).toHaveLength(before);
    expect(await rowsOf(other)).toHaveLength(0);
  });

  it('lets a parent share their young child’s fields, as the child’s credential', async () => {
    const { child, parent } = childWithParent();
    const parentToken = await system.token({ sub: parent, cg_kind: 'citizen', eid_level: 2 });
    const issued = await post('/shares', parentToken, {
      personalId: child.personalId,
      audience: AUDIENCE,
      fields: ['fullName', 'dateOfBirth'],
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    const [row] = await rowsOf(child.personalId);
    expect(row).toMatchObject({ issuedBy: parent, audience: AUDIENCE });
    const presented = await post('/shares/present', audience, {
      credential: issued.body.credential,
    });
    const expected = expectedCitizen(child.index);
    expect(presented.body).toMatchObject({
      subject: child.personalId,
      claims: { fullName: expected.fullName, dateOfBirth: expected.dateOfBirth },
    });
  });

  it('renders the credential as a QR code that decodes back to it exactly', async () => {
    const { credential } = await issue();
    const response = await fetch(`${base}/shares/qr`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${citizen}` },
      body: JSON.stringify({ credential, disclose: ['fullName', 'dateOfBirth'] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const scanned = decodeQr(Buffer.from(await response.arrayBuffer()));
    expect(scanned).not.toBeNull();
    expect(scanned?.startsWith(`${credential.split('~')[0]}~`)).toBe(true);
    const presented = await post('/shares/present', audience, { credential: scanned });
    expect(Object.keys(presented.body.claims as object).sort()).toEqual([
      'dateOfBirth',
      'fullName',
    ]);
    const forged = await fetch(`${base}/shares/qr`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${citizen}` },
      body: JSON.stringify({ credential: `${credential}x` }),
    });
    expect(forged.status).toBe(400);
  });

  it('renders it with `npm run share -- qr` too', async () => {
    const { credential } = await issue(['fullName', 'driverLicenceClasses']);
    const out = join(mkdtempSync(join(tmpdir(), 'cg-share-')), 'share.png');
    await promisify(execFile)(
      'node',
      ['--import', 'tsx', 'gateway/share.ts', 'qr', credential, '--out', out],
      { cwd: root, timeout: 120_000 },
    );
    expect(decodeQr(readFileSync(out))).toBe(credential);
  }, 150_000);
});
