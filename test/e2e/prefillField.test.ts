// The prefillForm GraphQL field end to end, against the REST route it shares its code with: the
// same values for a consenting citizen, the un-consented fields listed with their scopes, the same
// refusal codes, the same audit records, a signature the published JWKS alone verifies over exactly
// what the field answered, and the one-stop-shop held to the field's registered operation.
import { eq } from 'drizzle-orm';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/access.ts';
import { generateCitizen } from '../../db/seed/generate.ts';
import { MAX_BULK_SUBJECTS } from '../../gateway/forms/bulkPrefill.ts';
import type { PrefillAnswer } from '../../gateway/forms/prefillAnswer.ts';
import { documentId, PREFILL_FORM_OPERATION } from '../../gateway/forms/trustedDocuments.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';
import { expectedCitizen } from '../support/expected.ts';
import {
  adult,
  at,
  citizenToken,
  completeAdults,
  oneStopShopToken,
  plan,
  plans,
} from '../support/forms.ts';
import { startTestSystem, type TestSystem } from '../support/testSystem.ts';

/** Subjects of this file only (the REST suite consents for others). */
const [consenting, partly, bulkSubject] = completeAdults(TEST_POPULATION - 100, 3) as {
  index: number;
  personalId: string;
}[] as [Subject, Subject, Subject];
interface Subject {
  index: number;
  personalId: string;
}

type FieldOut = {
  name: string;
  value: unknown;
  filled: boolean;
  source: { agency: string; updatedAt: string | null };
  reason: string | null;
  scope: string | null;
};
type FieldAnswer = Omit<PrefillAnswer, 'fields'> & { fields: FieldOut[]; jws: string };
interface GraphQLAnswer<D> {
  data?: D | null;
  errors?: { message: string; path?: unknown[]; extensions: Record<string, unknown> }[];
}

/** The field's answer in the REST route's JSON form: what its `jws` signs. */
function asSigned({ jws: _jws, fields, ...answer }: FieldAnswer): PrefillAnswer {
  const keyed = fields.map(({ name, reason, scope, ...f }) => [
    name,
    f.filled ? f : { ...f, reason, scope },
  ]);
  return { ...answer, fields: Object.fromEntries(keyed) } as PrefillAnswer;
}

describe.each(backends())('the prefillForm field on $name', (backend) => {
  let system: TestSystem;
  let base: string;
  beforeAll(async () => {
    // A 500-subject batch reads, decides and audits 500 citizens in one fetch: give it the time a
    // shared, loaded machine needs instead of the default subgraph timeout.
    system = await startTestSystem(backend, { subgraphTimeoutMs: 60_000 });
    base = system.url.replace(/\/graphql$/, '');
  });
  afterAll(() => system?.stop());

  const citizen = (personalId: string) => citizenToken(system, personalId);
  const shop = (personalId: string) => oneStopShopToken(system, personalId);

  async function graphql<D>(body: Record<string, unknown>, token: string) {
    const response = await fetch(system.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as GraphQLAnswer<D> };
  }
  const prefillField = (code: string, personalId: string, token: string) =>
    graphql<{ prefillForm: FieldAnswer | null }>(
      { query: PREFILL_FORM_OPERATION, variables: { code, personalId } },
      token,
    );
  async function prefillRoute(code: string, personalId: string, token: string) {
    const response = await fetch(`${base}/forms/${code}/prefill`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ personalId }),
    });
    return (await response.json()) as { answer: PrefillAnswer; jws: string };
  }
  async function consent(personalId: string, scopes: string[], purpose: string) {
    const granted = await system.query(
      `mutation ($p: ID!, $s: [AccessScope!]!, $u: String!, $v: DateTime!) {
        grantConsent(personalId: $p, grantee: "one-stop-shop", scopes: $s, purpose: $u, validUntil: $v) { id }
      }`,
      {
        p: personalId,
        s: scopes.map((s) => s.toUpperCase()),
        u: purpose,
        v: new Date(Date.now() + 86_400_000).toISOString(),
      },
      { authorization: `Bearer ${await citizen(personalId)}` },
    );
    expect(granted.errors).toBeUndefined();
  }
  /** A request's audit records, as comparable rows. */
  const audited = async (requestId: string) =>
    (
      await system.database
        .drizzle()
        .select()
        .from(auditLog)
        .where(eq(auditLog.requestId, requestId))
    )
      .map((r) =>
        [r.subgraph, r.callerKind, r.actor, r.subject, r.scopes.join(), r.purpose, r.decision].join(
          ' ',
        ),
      )
      .sort();

  it('answers what the REST route answers for a consenting citizen, audited alike', async () => {
    const form = plan('health-insurance-reissue');
    await consent(consenting.personalId, form.template.scopes, form.template.purpose);
    const token = await shop(consenting.personalId);
    const { status, body } = await prefillField(form.template.code, consenting.personalId, token);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const field = body.data?.prefillForm as FieldAnswer;
    const rest = await prefillRoute(form.template.code, consenting.personalId, token);

    const { requestId: _a, issuedAt: _b, ...fromField } = asSigned(field);
    const { requestId: _c, issuedAt: _d, ...fromRoute } = rest.answer;
    expect(fromField).toEqual(fromRoute);
    expect(field.fields.map((f) => f.name)).toEqual(form.fields.map((f) => f.name));
    const expected = { citizen: expectedCitizen(consenting.index) };
    for (const f of form.fields) {
      const got = field.fields.find((g) => g.name === f.name);
      expect(got?.value, f.name).toEqual(at(expected, f.path) ?? null);
      expect(got?.filled, f.name).toBe(true);
    }

    const records = await audited(field.requestId);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.includes(`one_stop_shop ${consenting.personalId}`))).toBe(true);
    expect(records).toEqual(await audited(rest.answer.requestId));
  });

  it('lists the un-consented fields with the scope that would fill each', async () => {
    const form = plan('health-insurance-reissue');
    await consent(partly.personalId, ['identity'], form.template.purpose);
    const { body } = await prefillField(
      form.template.code,
      partly.personalId,
      await shop(partly.personalId),
    );
    const fields = body.data?.prefillForm?.fields ?? [];
    const unfilled = fields.filter((f) => !f.filled).map((f) => [f.name, f.reason, f.scope]);
    const expected = form.fields
      .filter((f) => f.scope !== null && f.scope !== 'identity')
      .map((f) => [f.name, 'CONSENT_REQUIRED', f.scope]);
    expect(unfilled).toEqual(expected);
    expect(expected.map(([, , scope]) => scope)).toEqual(
      expect.arrayContaining(['residence', 'health_insurance']),
    );
    expect(fields.filter((f) => f.filled).every((f) => f.reason === null)).toBe(true);
  });

  it('signs exactly what it answered, verified with the published JWKS alone', async () => {
    const { body } = await prefillField(
      'cccd-reissue',
      adult.personalId,
      await citizen(adult.personalId),
    );
    const field = body.data?.prefillForm as FieldAnswer;
    const jwks = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    const verified = await compactVerify(field.jws, createLocalJWKSet(jwks));
    expect(verified.protectedHeader).toMatchObject({ alg: 'ES256', typ: 'prefill+json' });
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual(asSigned(field));
    const [header, , signature] = field.jws.split('.');
    const altered = { ...asSigned(field), subject: consenting.personalId };
    const forged = `${header}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`;
    await expect(compactVerify(forged, createLocalJWKSet(jwks))).rejects.toThrow();
  });

  it('refuses bad input with the REST route’s codes, as errors at the field', async () => {
    const own = await citizen(adult.personalId);
    const police = await system.token({ sub: 'police', cg_kind: 'agency', scope: 'identity' });
    const other = completeAdults(TEST_POPULATION - 100, 4)[3] as Subject;
    const cases: [string, string, string, Record<string, unknown>][] = [
      ['no-such-form', adult.personalId, own, { code: 'FORM_NOT_FOUND' }],
      ['cccd-reissue', '12345', own, { code: 'BAD_USER_INPUT' }],
      ['cccd-reissue', '001099000000', own, { code: 'SUBJECT_NOT_FOUND' }],
      [
        'cccd-reissue',
        other.personalId,
        await shop(adult.personalId),
        { code: 'FORBIDDEN', reason: 'NOT_DATA_SUBJECT' },
      ],
      [
        'cccd-reissue',
        adult.personalId,
        police,
        { code: 'FORBIDDEN', reason: 'CITIZEN_OR_ONE_STOP_SHOP_ONLY' },
      ],
    ];
    for (const [code, personalId, token, extensions] of cases) {
      const { body } = await prefillField(code, personalId, token);
      expect([code, personalId, body.data?.prefillForm]).toEqual([code, personalId, null]);
      expect(body.errors?.[0]?.path).toEqual(['prefillForm']);
      expect(body.errors?.[0]?.extensions).toMatchObject(extensions);
    }
    const unauthenticated = await prefillField('cccd-reissue', adult.personalId, 'not-a-token');
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('lets the one-stop-shop run the registered operation only, by its text or its id as GET /forms lists it', async () => {
    const token = await shop(adult.personalId);
    const variables = { code: 'cccd-reissue', personalId: adult.personalId };
    const byText = await prefillField(variables.code, variables.personalId, token);
    expect(byText.status).toBe(200);
    expect(byText.body.data?.prefillForm?.subject).toBe(adult.personalId);

    const catalogue = (await (await fetch(`${base}/forms`)).json()) as {
      fieldOperations: { field: string; documentId: string; operation: string }[];
    };
    const listed = catalogue.fieldOperations.find((o) => o.field === 'prefillForm');
    expect(listed?.operation).toBe(PREFILL_FORM_OPERATION);
    expect(listed?.documentId).toBe(documentId(PREFILL_FORM_OPERATION));
    const byId = await graphql<{ prefillForm: FieldAnswer }>(
      {
        variables,
        extensions: { persistedQuery: { version: 1, sha256Hash: listed?.documentId } },
      },
      token,
    );
    expect(byId.body.data?.prefillForm.subject).toBe(adult.personalId);

    const freeForm = `query ($code: String!, $personalId: ID!) {
      prefillForm(code: $code, personalId: $personalId) { fields { name value } } }`;
    const refused = await graphql({ query: freeForm, variables }, token);
    expect(refused.status).toBe(403);
    expect(refused.body.errors?.[0]?.extensions.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    expect(refused.body.data).toBeUndefined();
    const ownFreeForm = await graphql<{ prefillForm: FieldAnswer }>(
      { query: freeForm, variables },
      await citizen(adult.personalId),
    );
    expect(ownFreeForm.body.data?.prefillForm.fields.length).toBeGreaterThan(0);
  });

  it('prefills in bulk for a portal as the bulk route does, signed', async () => {
    const form = plan('cccd-reissue');
    await consent(bulkSubject.personalId, form.template.scopes, form.template.purpose);
    const personalIds = [bulkSubject.personalId, partly.personalId, '12345', '001099000000'];
    const portal = await system.token({ sub: 'one-stop-shop', cg_kind: 'third_party' });
    const { body } = await graphql<{
      prefillFormBulk: { requestId: string; subjects: Record<string, unknown>[]; jws: string };
    }>(
      {
        query: `query ($code: String!, $ids: [ID!]!) { prefillFormBulk(code: $code, personalIds: $ids) {
          requestId subjects { subject fields { name value filled reason scope } error { code } } jws } }`,
        variables: { code: form.template.code, ids: personalIds },
      },
      portal,
    );
    expect(body.errors).toBeUndefined();
    const answer = body.data?.prefillFormBulk as NonNullable<typeof body.data>['prefillFormBulk'];
    expect(answer.subjects.map((s) => s.subject)).toEqual(personalIds);
    const [filled, refused, malformed, unknown] = answer.subjects as {
      fields: FieldOut[] | null;
      error: { code: string } | null;
    }[];
    expect(filled?.fields?.every((f) => f.filled || f.reason === 'NO_RECORD')).toBe(true);
    expect(refused?.fields?.some((f) => f.reason === 'CONSENT_REQUIRED')).toBe(true);
    expect([malformed?.error?.code, unknown?.error?.code]).toEqual([
      'BAD_USER_INPUT',
      'SUBJECT_NOT_FOUND',
    ]);
    const jwks = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    const verified = await compactVerify(answer.jws, createLocalJWKSet(jwks));
    const signed = JSON.parse(new TextDecoder().decode(verified.payload));
    expect(signed.requestId).toBe(answer.requestId);
    expect(signed.subjects[0].fields.hoTen.value).toBe(
      filled?.fields?.find((f) => f.name === 'hoTen')?.value,
    );
    const citizenAsks = await graphql(
      {
        query:
          'query ($ids: [ID!]!) { prefillFormBulk(code: "cccd-reissue", personalIds: $ids) { requestId } }',
        variables: { ids: personalIds },
      },
      await citizen(adult.personalId),
    );
    expect(citizenAsks.body.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'CONSENT_BASED_SYSTEMS_ONLY',
    });
  });

  it('serves the whole bulk answer for 500 subjects within the cost limit, and refuses 501', async () => {
    const longest = plans.reduce((a, b) => (b.fields.length > a.fields.length ? b : a));
    const everything = `query ($code: String!, $ids: [ID!]!) { prefillFormBulk(code: $code, personalIds: $ids) {
      form { code title purpose legalBasis } requestedBy { kind id actingFor } requestId issuedAt
      subjects { subject fields { name value filled source { agency updatedAt } reason scope } error { code message } }
      jws } }`;
    const ids = Array.from(
      { length: MAX_BULK_SUBJECTS },
      (_, i) => generateCitizen(i, TEST_POPULATION).citizen.personalId,
    );
    const portal = await system.token({ sub: 'one-stop-shop', cg_kind: 'third_party' });
    const bulk = (personalIds: string[]) =>
      graphql<{ prefillFormBulk: { subjects: { subject: string; fields: FieldOut[] | null }[] } }>(
        { query: everything, variables: { code: longest.template.code, ids: personalIds } },
        portal,
      );

    const served = await bulk(ids);
    expect(served.status).toBe(200);
    expect(served.body.errors).toBeUndefined();
    const subjects = served.body.data?.prefillFormBulk.subjects ?? [];
    expect(subjects.map((s) => s.subject)).toEqual(ids);
    expect(subjects[0]?.fields).toHaveLength(longest.fields.length);

    const over = await bulk([...ids, adult.personalId]);
    expect(over.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: MAX_BULK_SUBJECTS,
    });
    expect(over.body.data?.prefillFormBulk ?? null).toBeNull();
  }, 120_000);
});
