// The one-stop-shop's form prefill end to end: every template filled for a seeded citizen and
// compared with the generator's data, field by field with its source's date; partial consent
// leaving exactly the un-consented fields empty with their scope; the signed answer verified with
// the published JWKS alone; and every kind of bad request refused with a precise code.
import { and, eq, sql } from 'drizzle-orm';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, consents } from '../../db/schema/access.ts';
import { generateCitizen } from '../../db/seed/generate.ts';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import type { PrefillAnswer } from '../../gateway/forms/prefillAnswer.ts';
import {
  newSigningJwks,
  signingKeysFrom,
  signJsonBytes,
} from '../../gateway/signing/signingKeys.ts';
import { SUBGRAPH_NAMES } from '../../schema/subgraphs.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';
import { expectedCitizen } from '../support/expected.ts';
import {
  adult,
  at,
  citizenToken as citizenTokenOf,
  completeAdults,
  oneStopShopToken as oneStopShopTokenOf,
  plan,
  plans,
} from '../support/forms.ts';
import { dataStatements, startTestSystem, type TestSystem } from '../support/testSystem.ts';

/** Another adult with data everywhere, for consents no other test of this file gives. */
const [partlyConsenting] = completeAdults(TEST_POPULATION / 2, 1) as [
  { index: number; personalId: string },
];

/** A child whose first-listed guardian has a level-2 account: the parent declares the birth. */
function childWithDeclaringParent() {
  const records = [...Array(TEST_POPULATION).keys()].map((i) =>
    generateCitizen(i, TEST_POPULATION),
  );
  const indexOf = new Map(records.map((r, i) => [r.citizen.personalId, i]));
  for (const [index, r] of records.entries()) {
    const parentId = r.familyLinks[0]?.guardianPersonalId;
    const parent = parentId === undefined ? undefined : indexOf.get(parentId);
    const account = parent === undefined ? null : records[parent]?.eidAccount;
    if (parent !== undefined && account?.level === 2 && !account.locked)
      return { index, parent, personalId: r.citizen.personalId, parentId: parentId as string };
  }
  throw new Error('no child with a level-2 parent in the test population');
}

interface PrefillResponse {
  answer: PrefillAnswer;
  jws: string;
  errors?: { message: string; extensions: Record<string, unknown> }[];
}

describe.each(backends())('form prefill on $name', (backend) => {
  let system: TestSystem;
  let base: string;
  beforeAll(async () => {
    // A 500-subject batch reads, decides and audits 500 citizens in one fetch: give it the time a
    // shared, loaded machine needs instead of the default subgraph timeout.
    system = await startTestSystem(backend, { subgraphTimeoutMs: 60_000 });
    base = system.url.replace(/\/graphql$/, '');
  });
  afterAll(() => system?.stop());

  const citizenToken = (personalId: string) => citizenTokenOf(system, personalId);
  const oneStopShopToken = (personalId: string) => oneStopShopTokenOf(system, personalId);

  async function prefill(code: string, personalId: unknown, token: string) {
    const response = await fetch(`${base}/forms/${code}/prefill`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ personalId }),
    });
    return { status: response.status, body: (await response.json()) as PrefillResponse };
  }

  it.each(plans.map((p) => p.template.code))(
    'fills %s for a citizen with every field as generated, dated by its source record',
    async (code) => {
      const form = plan(code);
      let subject = adult.personalId;
      let token = await citizenToken(adult.personalId);
      let expected: Record<string, unknown> = expectedCitizen(adult.index);
      if (code === 'birth-registration') {
        const child = childWithDeclaringParent();
        subject = child.personalId;
        token = await citizenToken(child.parentId);
        const record = expectedCitizen(child.index);
        const [first] = record.guardians;
        expected = {
          ...record,
          guardians: [{ relation: first?.relation, citizen: expectedCitizen(child.parent) }],
        };
      }
      const { status, body } = await prefill(code, subject, token);
      expect(status).toBe(200);
      const { answer } = body;
      expect(answer.form).toMatchObject({ code, purpose: form.template.purpose });
      expect(answer.subject).toBe(subject);
      for (const field of form.fields) {
        const value = at({ citizen: expected }, field.path) ?? null;
        const record = at({ citizen: expected }, field.recordPath) as { updatedAt: string } | null;
        const got = answer.fields[field.name];
        expect(got?.value, field.name).toEqual(value);
        expect(got?.filled, field.name).toBe(value !== null);
        expect(got?.source, field.name).toEqual({
          agency: field.agency,
          updatedAt: record?.updatedAt ?? null,
        });
        if (value === null) expect(got?.reason, field.name).toBe('NO_RECORD');
      }
    },
  );

  it('leaves exactly the un-consented fields empty, each with the scope that would fill it', async () => {
    const form = plan('health-insurance-reissue');
    const granted = await system.query(
      `mutation ($p: ID!, $u: String!, $v: DateTime!) {
        grantConsent(personalId: $p, grantee: "one-stop-shop", scopes: [IDENTITY], purpose: $u, validUntil: $v) { id }
      }`,
      {
        p: adult.personalId,
        u: form.template.purpose,
        v: new Date(Date.now() + 86_400_000).toISOString(),
      },
      { authorization: `Bearer ${await citizenToken(adult.personalId)}` },
    );
    expect(granted.errors).toBeUndefined();
    const { status, body } = await prefill(
      form.template.code,
      adult.personalId,
      await oneStopShopToken(adult.personalId),
    );
    expect(status).toBe(200);
    expect(body.answer.requestedBy).toEqual({
      kind: 'one_stop_shop',
      id: 'one-stop-shop',
      actingFor: adult.personalId,
    });
    const unfilled = Object.entries(body.answer.fields)
      .filter(([, f]) => !f.filled)
      .map(([name, f]) => [name, f.reason, f.scope]);
    const expected = form.fields
      .filter((f) => f.scope !== null && f.scope !== 'identity')
      .map((f) => [f.name, 'CONSENT_REQUIRED', f.scope]);
    expect(unfilled).toEqual(expected);
    expect(expected.map(([, , scope]) => scope)).toEqual(
      expect.arrayContaining(['residence', 'health_insurance']),
    );
  });

  // The birth registration is the guardian's form, filled for a child: the test above covers it.
  it.each(plans.map((p) => p.template.code).filter((code) => code !== 'birth-registration'))(
    'with identity consented only, leaves exactly the other gated fields of %s empty, with their scope',
    async (code) => {
      const form = plan(code);
      const granted = await system.query(
        `mutation ($p: ID!, $u: String!, $v: DateTime!) {
          grantConsent(personalId: $p, grantee: "one-stop-shop", scopes: [IDENTITY], purpose: $u, validUntil: $v) { id }
        }`,
        {
          p: partlyConsenting.personalId,
          u: form.template.purpose,
          v: new Date(Date.now() + 86_400_000).toISOString(),
        },
        { authorization: `Bearer ${await citizenToken(partlyConsenting.personalId)}` },
      );
      expect(granted.errors).toBeUndefined();
      const shop = await oneStopShopToken(partlyConsenting.personalId);
      const { status, body } = await prefill(code, partlyConsenting.personalId, shop);
      expect(status).toBe(200);
      const refused = Object.entries(body.answer.fields)
        .filter(([, f]) => !f.filled && f.reason !== 'NO_RECORD')
        .map(([name, f]) => [name, f.reason, f.scope]);
      const expected = form.fields
        .filter((f) => f.scope !== null && f.scope !== 'identity')
        .map((f) => [f.name, 'CONSENT_REQUIRED', f.scope]);
      expect(refused).toEqual(expected);
      const citizen = expectedCitizen(partlyConsenting.index);
      for (const f of form.fields.filter((f) => f.scope === 'identity' || f.scope === null))
        expect(body.answer.fields[f.name]?.value, f.name).toEqual(at({ citizen }, f.path) ?? null);
    },
  );

  it('signs the answer so that the published JWKS alone verifies it, and nothing else does', async () => {
    const { body } = await prefill(
      'cccd-reissue',
      adult.personalId,
      await citizenToken(adult.personalId),
    );
    const jwks = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
    const keySet = createLocalJWKSet(jwks);
    const verified = await compactVerify(body.jws, keySet);
    expect(verified.protectedHeader).toMatchObject({ alg: 'ES256', kid: 'test-signing-1' });
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual(body.answer);

    const [header, payload, signature] = body.jws.split('.') as [string, string, string];
    const bytes = Buffer.from(payload, 'base64url');
    for (let k = 0; k < bytes.length; k += 1) {
      const changed = Buffer.from(bytes);
      changed[k] = (changed[k] as number) ^ 0x01;
      const forged = `${header}.${changed.toString('base64url')}.${signature}`;
      await expect(compactVerify(forged, keySet)).rejects.toThrow();
    }
    const impostor = await signingKeysFrom(await newSigningJwks('test-signing-1'), 'impostor');
    const unpublished = signJsonBytes(
      impostor,
      Buffer.from(JSON.stringify(body.answer)),
      'prefill+json',
    );
    await expect(compactVerify(unpublished, keySet)).rejects.toThrow();
  });

  it('lets the one-stop-shop run registered form operations only; others keep free-form GraphQL', async () => {
    const { forms: catalogue } = (await (await fetch(`${base}/forms`)).json()) as {
      forms: { code: string; purpose: string; documentId: string }[];
    };
    expect(catalogue.map((f) => f.code).sort()).toEqual(plans.map((p) => p.template.code).sort());
    const form = catalogue.find((f) => f.code === 'cccd-reissue') as (typeof catalogue)[0];
    const shop = { authorization: `Bearer ${await oneStopShopToken(adult.personalId)}` };
    const ask = (body: unknown, headers: Record<string, string>) =>
      fetch(system.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-purpose': form.purpose, ...headers },
        body: JSON.stringify(body),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as PrefillResponse & { data?: unknown },
      }));
    const freeForm = { query: `{ citizen(personalId: "${adult.personalId}") { fullName } }` };

    const refused = await ask(freeForm, shop);
    expect(refused.status).toBe(403);
    expect(refused.body.errors?.[0]?.extensions.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    expect(refused.body.data).toBeUndefined();

    const persisted = {
      variables: { personalId: adult.personalId },
      extensions: { persistedQuery: { version: 1, sha256Hash: form.documentId } },
    };
    const registered = await ask(persisted, shop);
    expect(registered.status).toBe(200);
    expect(registered.body.data).toMatchObject({ citizen: { personalId: adult.personalId } });

    const unknown = await ask(
      { ...persisted, extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } },
      shop,
    );
    expect(unknown.body.errors?.[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const own = { authorization: `Bearer ${await citizenToken(adult.personalId)}` };
    const citizenFreeForm = await ask(freeForm, own);
    expect(citizenFreeForm.status).toBe(200);
    expect(citizenFreeForm.body.data).toEqual({
      citizen: { fullName: generateCitizen(adult.index, TEST_POPULATION).citizen.fullName },
    });
  });

  it('prefills 500 subjects in one call, one SQL statement per subgraph, each by its own consent', async () => {
    const form = plan('driver-licence-renewal');
    const others = [...Array(TEST_POPULATION).keys()]
      .filter((i) => i !== adult.index)
      .slice(0, 497);
    const ids = [adult.index, ...others].map(
      (i) => generateCitizen(i, TEST_POPULATION).citizen.personalId,
    );
    const personalIds = [...ids, '12345', '001099000000'];
    const [, withoutConsent] = ids;
    const day = 86_400_000;
    await system.database
      .drizzle()
      .insert(consents)
      .values({
        personalId: adult.personalId,
        granteeClientId: 'one-stop-shop',
        scopes: form.template.scopes,
        purpose: form.template.purpose,
        validFrom: new Date(Date.now() - day),
        validUntil: new Date(Date.now() + day),
        grantedBy: adult.personalId,
        createdViaLevel: 2,
      });
    const portal = await system.token({ sub: 'one-stop-shop', cg_kind: 'third_party' });
    const bulk = (ids: string[]) =>
      fetch(`${base}/forms/${form.template.code}/prefill-bulk`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${portal}` },
        body: JSON.stringify({ personalIds: ids }),
      });

    system.resetStatements();
    const response = await bulk(personalIds);
    expect(response.status, await response.clone().text()).toBe(200);
    const { answer, jws } = (await response.json()) as {
      answer: { requestId: string; subjects: Record<string, unknown>[] };
      jws: string;
    };
    const agencies = new Set(form.fields.map((f) => f.agency));
    for (const name of SUBGRAPH_NAMES)
      expect(dataStatements(system.statements[name]), name).toHaveLength(
        agencies.has(name) ? 1 : 0,
      );
    expect(answer.subjects.map((s) => s.subject)).toEqual(personalIds);

    const expected = { citizen: expectedCitizen(adult.index) };
    const consented = answer.subjects[0] as { fields: Record<string, { value: unknown }> };
    for (const field of form.fields)
      expect(consented.fields[field.name]?.value, field.name).toEqual(
        at(expected, field.path) ?? null,
      );
    const refused = answer.subjects[1] as {
      fields: Record<string, { reason?: string; scope?: string }>;
    };
    for (const field of form.fields.filter((f) => f.scope !== null))
      expect(refused.fields[field.name], field.name).toMatchObject({
        reason: 'CONSENT_REQUIRED',
        scope: field.scope,
      });
    expect(answer.subjects.at(-2)).toMatchObject({ error: { code: 'BAD_USER_INPUT' } });
    expect(answer.subjects.at(-1)).toMatchObject({ error: { code: 'SUBJECT_NOT_FOUND' } });

    const audited = await system.database
      .drizzle()
      .select({ subject: auditLog.subject, decision: auditLog.decision })
      .from(auditLog)
      .where(and(eq(auditLog.requestId, answer.requestId), eq(auditLog.subgraph, 'driving')));
    expect(new Set(audited.map((a) => a.subject))).toEqual(new Set(ids));
    expect(audited.filter((a) => a.subject === adult.personalId).map((a) => a.decision)).toEqual([
      'ALLOW',
    ]);
    expect(audited.find((a) => a.subject === withoutConsent)?.decision).toBe('DENY');

    const jwks = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    const verified = await compactVerify(jws, createLocalJWKSet(jwks));
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual(answer);

    const over = await bulk([...personalIds, ids[2] as string]);
    expect(over.status).toBe(400);
    expect(((await over.json()) as PrefillResponse).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 500,
    });
  });

  it('previews for the citizen exactly what an approval shares, for that form and a short time only', async () => {
    const form = plan('ct01-temporary-residence');
    const own = `Bearer ${await citizenToken(adult.personalId)}`;
    const shop = await oneStopShopToken(adult.personalId);
    const step = async (action: string, code = form.template.code) => {
      const response = await fetch(`${base}/forms/${code}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: own },
        body: JSON.stringify({ personalId: adult.personalId, grantee: 'one-stop-shop' }),
      });
      return (await response.json()) as Record<string, never>;
    };
    const gated = form.fields.filter((f) => f.scope !== null);
    const before = await prefill(form.template.code, adult.personalId, shop);
    for (const f of gated)
      expect(before.body.answer.fields[f.name]?.reason, f.name).toBe('CONSENT_REQUIRED');

    const shown = (await step('preview')) as unknown as {
      fields: Record<string, { value: unknown }>;
      approving: { scopes: string[]; purpose: string; validForMinutes: number };
    };
    expect(shown.approving).toEqual({
      scopes: form.template.scopes,
      purpose: form.template.purpose,
      validForMinutes: 15,
    });
    const approved = (await step('approve')) as unknown as {
      consent: { id: string; purpose: string; validUntil: string };
    };
    expect(approved.consent.purpose).toBe(form.template.purpose);
    expect(Date.parse(approved.consent.validUntil) - Date.now()).toBeLessThanOrEqual(15 * 60_000);

    const after = await prefill(form.template.code, adult.personalId, shop);
    const values = (fields: Record<string, { value: unknown }>) =>
      Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.value]));
    expect(values(after.body.answer.fields)).toEqual(values(shown.fields));
    expect(Object.values(after.body.answer.fields).some((f) => f.filled)).toBe(true);

    const otherForm = await prefill('ct01-permanent-residence', adult.personalId, shop);
    expect(otherForm.body.answer.fields.hoTen).toMatchObject({
      filled: false,
      reason: 'CONSENT_REQUIRED',
    });

    await system.database
      .drizzle()
      .update(consents)
      .set({
        validFrom: sql`now() - interval '20 minutes'`,
        validUntil: sql`now() - interval '5 minutes'`,
      })
      .where(eq(consents.id, approved.consent.id));
    const expired = await prefill(form.template.code, adult.personalId, shop);
    for (const f of gated)
      expect(expired.body.answer.fields[f.name]?.reason, f.name).toBe('CONSENT_EXPIRED');

    expect((await step('approve', 'no-such-form')) as unknown).toMatchObject({
      errors: [{ extensions: { code: 'FORM_NOT_FOUND' } }],
    });
  });

  it('refuses bad requests with a precise code', async () => {
    const own = await citizenToken(adult.personalId);
    const cases: [string, unknown, string, number, string][] = [
      ['no-such-form', adult.personalId, own, 404, 'FORM_NOT_FOUND'],
      ['cccd-reissue', '12345', own, 400, 'BAD_USER_INPUT'],
      ['cccd-reissue', undefined, own, 400, 'BAD_USER_INPUT'],
      ['cccd-reissue', '001099000000', own, 404, 'SUBJECT_NOT_FOUND'],
      ['cccd-reissue', adult.personalId, 'not-a-token', 401, 'UNAUTHENTICATED'],
    ];
    for (const [code, personalId, token, status, errorCode] of cases) {
      const response = await prefill(code, personalId, token);
      expect([code, personalId, response.status]).toEqual([code, personalId, status]);
      expect(response.body.errors?.[0]?.extensions.code).toBe(errorCode);
    }
    const other = samplePersonalIds(TEST_POPULATION).find((s) => s.label === 'car owner');
    const actingForAnother = await prefill(
      'cccd-reissue',
      other?.personalId,
      await oneStopShopToken(adult.personalId),
    );
    expect(actingForAnother.status).toBe(403);
    expect(actingForAnother.body.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_DATA_SUBJECT',
    });
    const agency = await system.token({ sub: 'police', cg_kind: 'agency', scope: 'identity' });
    const byAgency = await prefill('cccd-reissue', adult.personalId, agency);
    expect(byAgency.status).toBe(403);
  });
});
