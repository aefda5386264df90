// Access control end to end: real JWTs at the gateway, the gateway's signed token to every
// subgraph, field rules from the SDL deciding per citizen, consent granted and revoked through the
// API, and the audit trail a citizen reads back — on PGlite and on PostgreSQL.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consents } from '../../db/schema/access.ts';
import { generateCitizen } from '../../db/seed/generate.ts';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import { type FormTemplate, loadFormTemplates } from '../../schema/forms/templates.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';
import {
  dataStatements,
  type GraphQLResponse,
  startTestSystem,
  type TestSystem,
} from '../support/testSystem.ts';

const samples = samplePersonalIds(TEST_POPULATION);
const sampleId = (label: string) =>
  samples.find((s) => s.label.startsWith(label))?.personalId as string;
const S2 = sampleId('level-2 account, data in all five agencies');
const S1 = sampleId('level-1 account');
const LOCKED = sampleId('locked account');
const NO_ACCOUNT = sampleId('no e-ID account');

/** An under-14 child whose first parent has an unlocked level-2 account, and a stranger to them. */
const family = (() => {
  const records = Array.from({ length: TEST_POPULATION }, (_, i) =>
    generateCitizen(i, TEST_POPULATION),
  );
  const byId = new Map(records.map((r) => [r.citizen.personalId, r]));
  const usable = (r: (typeof records)[number] | undefined) =>
    r?.eidAccount?.level === 2 && !r.eidAccount.locked;
  for (const r of records) {
    const parent = r.familyLinks[0] && byId.get(r.familyLinks[0].guardianPersonalId);
    if (!usable(parent)) continue;
    const related = new Set(r.familyLinks.map((l) => l.guardianPersonalId));
    const stranger = records.find((s) => usable(s) && !related.has(s.citizen.personalId));
    return {
      child: r.citizen.personalId,
      guardian: parent?.citizen.personalId as string,
      stranger: stranger?.citizen.personalId as string,
    };
  }
  throw new Error('no child with a level-2 parent in the test population');
})();

const CITIZEN_QUERY = `query ($id: ID!) { citizen(personalId: $id) { personalId fullName healthInsurance { validUntil } } }`;
const FORM_QUERY = (loadFormTemplates().get('health-insurance-reissue') as FormTemplate).operation;

type Expect = 'DATA' | string;

describe.each(backends())('access control on $name', (backend) => {
  let system: TestSystem;
  const tokens: Record<string, string> = {};

  const ask = async (
    token: string | null | undefined,
    query: string,
    variables: Record<string, unknown>,
    extra: Record<string, string> = {},
  ) => {
    const headers: Record<string, string> = { ...extra };
    if (token) headers.authorization = `Bearer ${token}`;
    return system.query(query, variables, headers);
  };
  const citizenToken = (personalId: string, level: 1 | 2 = 2) =>
    system.token({ sub: personalId, cg_kind: 'citizen', eid_level: level });
  const grant = async (
    token: string | undefined,
    personalId: string,
    grantee: string,
    scopes: string[],
    purpose: string,
  ) => {
    const result = await ask(
      token,
      `mutation ($p: ID!, $g: String!, $s: [AccessScope!]!, $u: String!, $v: DateTime!) {
        grantConsent(personalId: $p, grantee: $g, scopes: $s, purpose: $u, validUntil: $v) { id status scopes }
      }`,
      {
        p: personalId,
        g: grantee,
        s: scopes,
        u: purpose,
        v: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      },
    );
    return result as GraphQLResponse<{
      grantConsent: { id: string; status: string; scopes: string[] } | null;
    }>;
  };

  beforeAll(async () => {
    system = await startTestSystem(backend);
    tokens.s2 = await citizenToken(S2);
    tokens.s2AsLevel1 = await citizenToken(S2, 1);
    tokens.s1 = await citizenToken(S1, 1);
    tokens.locked = await citizenToken(LOCKED);
    tokens.noAccount = await citizenToken(NO_ACCOUNT);
    tokens.guardian = await citizenToken(family.guardian);
    tokens.stranger = await citizenToken(family.stranger);
    tokens.bank = await system.token({ sub: 'vietcombank', cg_kind: 'third_party' });
    tokens.wallet = await system.token({ sub: 'momo', cg_kind: 'third_party' });
    tokens.hospital = await system.token({ sub: 'bach-mai-hospital', cg_kind: 'third_party' });
    tokens.oneStopForS2 = await system.token({
      sub: S2,
      cg_kind: 'citizen',
      eid_level: 2,
      act: { sub: 'one-stop-shop' },
    });
    tokens.oneStopForS1 = await system.token({
      sub: S1,
      cg_kind: 'citizen',
      eid_level: 1,
      act: { sub: 'one-stop-shop' },
    });
    tokens.police = await system.token({
      sub: 'traffic-police',
      cg_kind: 'agency',
      scope: 'identity driving vehicles',
    });
    tokens.analyst = await system.token({ sub: 'gso-analyst', cg_kind: 'analyst' });
    tokens.auditor = await system.token({ sub: 'inspectorate', cg_kind: 'auditor' });

    expect(
      (await grant(tokens.s2, S2, 'vietcombank', ['IDENTITY', 'HEALTH_INSURANCE'], 'open-account'))
        .errors,
    ).toBeUndefined();
    expect(
      (await grant(tokens.s1, S1, 'vietcombank', ['IDENTITY', 'HEALTH_INSURANCE'], 'open-account'))
        .errors,
    ).toBeUndefined();
    expect(
      (await grant(tokens.s2, S2, 'one-stop-shop', ['IDENTITY', 'RESIDENCE'], 'form-prefill'))
        .errors,
    ).toBeUndefined();
    const revoked = await grant(tokens.s2, S2, 'bach-mai-hospital', ['IDENTITY'], 'treatment');
    await ask(
      tokens.s2,
      `mutation ($p: ID!, $c: ID!) { revokeConsent(personalId: $p, consentId: $c) { status } }`,
      {
        p: S2,
        c: revoked.data?.grantConsent?.id,
      },
    );
    // States the API rightly refuses to create: an expired consent, and one from a locked account.
    const db = system.database.drizzle();
    const day = 86_400_000;
    await db.insert(consents).values([
      {
        personalId: S2,
        granteeClientId: 'momo',
        scopes: ['identity'],
        purpose: 'wallet-kyc',
        validFrom: new Date(Date.now() - 30 * day),
        validUntil: new Date(Date.now() - day),
        grantedBy: S2,
        createdViaLevel: 2,
      },
      {
        personalId: LOCKED,
        granteeClientId: 'vietcombank',
        scopes: ['identity'],
        purpose: 'open-account',
        validFrom: new Date(Date.now() - day),
        validUntil: new Date(Date.now() + day),
        grantedBy: LOCKED,
        createdViaLevel: 2,
      },
    ]);
  });
  afterAll(() => system?.stop());

  // [who, token key, subject, purpose, expected fullName (identity, level 1), expected healthInsurance (level 2)]
  const MATRIX: [string, string, () => string, string | null, Expect, Expect][] = [
    ['a level-2 citizen, own data', 's2', () => S2, null, 'DATA', 'DATA'],
    [
      'a level-2 account signed in at level 1',
      's2AsLevel1',
      () => S2,
      null,
      'DATA',
      'ACCOUNT_LEVEL_2_REQUIRED',
    ],
    ['a level-1 citizen, own data', 's1', () => S1, null, 'DATA', 'ACCOUNT_LEVEL_2_REQUIRED'],
    ['a locked account', 'locked', () => LOCKED, null, 'ACCOUNT_LOCKED', 'ACCOUNT_LOCKED'],
    [
      'a citizen without an e-ID account',
      'noAccount',
      () => NO_ACCOUNT,
      null,
      'NO_ACCOUNT',
      'NO_ACCOUNT',
    ],
    [
      'a citizen, someone else’s data',
      's1',
      () => S2,
      null,
      'NOT_DATA_SUBJECT',
      'NOT_DATA_SUBJECT',
    ],
    ['a parent, their under-14 child', 'guardian', () => family.child, null, 'DATA', 'DATA'],
    [
      'a child’s data, asked by an unrelated citizen',
      'stranger',
      () => family.child,
      null,
      'NOT_DATA_SUBJECT',
      'NOT_DATA_SUBJECT',
    ],
    ['a bank with consent (level-2 subject)', 'bank', () => S2, 'open-account', 'DATA', 'DATA'],
    [
      'a bank with consent (level-1 subject)',
      'bank',
      () => S1,
      'open-account',
      'DATA',
      'ACCOUNT_LEVEL_2_REQUIRED',
    ],
    [
      'a bank, another purpose',
      'bank',
      () => S2,
      'credit-scoring',
      'CONSENT_REQUIRED',
      'CONSENT_REQUIRED',
    ],
    ['a bank, no purpose', 'bank', () => S2, null, 'PURPOSE_REQUIRED', 'PURPOSE_REQUIRED'],
    [
      'a bank, consent of a locked account',
      'bank',
      () => LOCKED,
      'open-account',
      'ACCOUNT_LOCKED',
      'ACCOUNT_LOCKED',
    ],
    [
      'a wallet, consent given to another grantee',
      'wallet',
      () => S2,
      'open-account',
      'CONSENT_REQUIRED',
      'CONSENT_REQUIRED',
    ],
    [
      'a wallet, expired consent',
      'wallet',
      () => S2,
      'wallet-kyc',
      'CONSENT_EXPIRED',
      'CONSENT_REQUIRED',
    ],
    [
      'a hospital, revoked consent',
      'hospital',
      () => S2,
      'treatment',
      'CONSENT_REVOKED',
      'CONSENT_REQUIRED',
    ],
    [
      'a bank, no consent at all',
      'bank',
      () => NO_ACCOUNT,
      'open-account',
      'CONSENT_REQUIRED',
      'CONSENT_REQUIRED',
    ],
    [
      'the one-stop-shop for the consenting citizen',
      'oneStopForS2',
      () => S2,
      'form-prefill',
      'DATA',
      'CONSENT_REQUIRED',
    ],
    [
      'the one-stop-shop for another citizen',
      'oneStopForS1',
      () => S2,
      'form-prefill',
      'NOT_DATA_SUBJECT',
      'NOT_DATA_SUBJECT',
    ],
    ['an agency within its mandate', 'police', () => S2, 'traffic-check', 'DATA', 'NO_MANDATE'],
    [
      'an agency without a purpose',
      'police',
      () => S2,
      null,
      'PURPOSE_REQUIRED',
      'PURPOSE_REQUIRED',
    ],
    ['an analyst', 'analyst', () => S2, 'dashboard', 'AGGREGATES_ONLY', 'AGGREGATES_ONLY'],
    ['an auditor', 'auditor', () => S2, 'inspection', 'NO_MANDATE', 'NO_MANDATE'],
  ];

  it.each(MATRIX)('%s', async (_, tokenKey, subject, purpose, identity, document) => {
    const id = subject();
    // The one-stop-shop may run only registered form operations; this one reads the same two fields.
    const shop = tokenKey.startsWith('oneStop');
    const result = await ask(
      tokens[tokenKey] as string,
      shop ? FORM_QUERY : CITIZEN_QUERY,
      shop ? { personalId: id } : { id },
      purpose ? { 'x-purpose': purpose } : {},
    );
    const citizen = result.data?.citizen as Record<string, unknown> | null;
    expect(citizen?.personalId).toBe(id);
    const errorAt = (field: string) =>
      result.errors?.find((e) => e.path?.join('.') === `citizen.${field}`);
    for (const [field, expected, scope] of [
      ['fullName', identity, 'identity'],
      ['healthInsurance', document, 'health_insurance'],
    ] as const) {
      if (expected === 'DATA') {
        expect(errorAt(field), field).toBeUndefined();
        if (field === 'fullName') expect(citizen?.fullName).toBeTypeOf('string');
      } else {
        expect(citizen?.[field], field).toBeNull();
        expect(errorAt(field)?.extensions, field).toMatchObject({
          code: 'FORBIDDEN',
          reason: expected,
          scope,
        });
      }
    }
    const checked = (result.errors ?? []).filter((e) =>
      ['citizen.fullName', 'citizen.healthInsurance'].includes(e.path?.join('.') ?? ''),
    );
    const denied = [identity, document].filter((e) => e !== 'DATA').length;
    expect(checked).toHaveLength(denied);
    if (!shop) expect(result.errors ?? []).toHaveLength(denied);
  });

  it('applies a revocation to the very next request', async () => {
    const granted = await grant(tokens.s2, S2, 'momo', ['IDENTITY'], 'top-up');
    const consentId = granted.data?.grantConsent?.id;
    const before = await ask(tokens.wallet, CITIZEN_QUERY, { id: S2 }, { 'x-purpose': 'top-up' });
    expect(before.data?.citizen).toMatchObject({ fullName: expect.any(String) });
    const revoked = await ask(
      tokens.s2,
      `mutation ($p: ID!, $c: ID!) { revokeConsent(personalId: $p, consentId: $c) { status } }`,
      { p: S2, c: consentId },
    );
    expect(revoked.data).toEqual({ revokeConsent: { status: 'REVOKED' } });
    const after = await ask(tokens.wallet, CITIZEN_QUERY, { id: S2 }, { 'x-purpose': 'top-up' });
    expect(after.data?.citizen).toMatchObject({ fullName: null });
    expect(after.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'CONSENT_REVOKED',
    });
  });

  it('records exactly the expected audit trail, which the citizen reads back', async () => {
    const allowedId = `audit-${randomUUID()}`;
    const deniedId = `audit-${randomUUID()}`;
    await ask(
      tokens.bank,
      CITIZEN_QUERY,
      { id: S2 },
      { 'x-purpose': 'open-account', 'x-request-id': allowedId },
    );
    await ask(
      tokens.wallet,
      CITIZEN_QUERY,
      { id: S2 },
      { 'x-purpose': 'open-account', 'x-request-id': deniedId },
    );
    const log = await ask(
      tokens.s2,
      `query ($id: ID!) { accessLog(personalId: $id, limit: 500) {
      requestId subgraph callerKind callerId subject scopes purpose consentId decision reason } }`,
      { id: S2 },
    );
    expect(log.errors).toBeUndefined();
    const records = ((log.data?.accessLog ?? []) as Record<string, unknown>[]).filter(
      (r) => r.requestId === allowedId || r.requestId === deniedId,
    );
    const sortKey = (r: Record<string, unknown>) => `${r.requestId}${r.subgraph}`;
    records.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    const bankConsent = (
      await ask(
        tokens.s2,
        `query ($id: ID!) { consents(personalId: $id) { id grantee { clientId } purpose status } }`,
        { id: S2 },
      )
    ).data?.consents as {
      id: string;
      grantee: { clientId: string };
      purpose: string;
      status: string;
    }[];
    const consentId = bankConsent.find(
      (c) => c.grantee.clientId === 'vietcombank' && c.purpose === 'open-account',
    )?.id;
    const base = { subject: S2, purpose: 'open-account' };
    const expected = [
      {
        ...base,
        requestId: allowedId,
        subgraph: 'health_insurance',
        callerKind: 'third_party',
        callerId: 'vietcombank',
        scopes: ['health_insurance'],
        consentId,
        decision: 'ALLOW',
        reason: null,
      },
      {
        ...base,
        requestId: allowedId,
        subgraph: 'population',
        callerKind: 'third_party',
        callerId: 'vietcombank',
        scopes: ['identity'],
        consentId,
        decision: 'ALLOW',
        reason: null,
      },
      {
        ...base,
        requestId: deniedId,
        subgraph: 'health_insurance',
        callerKind: 'third_party',
        callerId: 'momo',
        scopes: ['health_insurance'],
        consentId: null,
        decision: 'DENY',
        reason: 'CONSENT_REQUIRED',
      },
      {
        ...base,
        requestId: deniedId,
        subgraph: 'population',
        callerKind: 'third_party',
        callerId: 'momo',
        scopes: ['identity'],
        consentId: null,
        decision: 'DENY',
        reason: 'CONSENT_REQUIRED',
      },
    ].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    expect(records).toEqual(expected);

    const otherCitizen = await ask(
      tokens.s1,
      `query ($id: ID!) { accessLog(personalId: $id) { requestId } }`,
      { id: S2 },
    );
    expect(otherCitizen.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_DATA_SUBJECT',
    });
    const auditor = await ask(tokens.auditor, `{ accessLog(limit: 500) { requestId } }`, {});
    expect(
      ((auditor.data?.accessLog ?? []) as { requestId: string }[]).map((r) => r.requestId),
    ).toEqual(expect.arrayContaining([allowedId, deniedId]));
  });

  it('refuses consent requests that make no sense, each with a clear error', async () => {
    const unknownGrantee = await grant(tokens.s2, S2, 'shady-lender', ['IDENTITY'], 'open-account');
    expect(unknownGrantee.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'grantee',
    });
    const unknownScope = await grant(tokens.s2, S2, 'vietcombank', ['SALARY'], 'open-account');
    expect(unknownScope.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(unknownScope.errors?.[0]?.message).toContain('SALARY');
    const past = await ask(
      tokens.s2,
      `mutation ($p: ID!) { grantConsent(personalId: $p, grantee: "momo", scopes: [IDENTITY], purpose: "top-up", validUntil: "2020-01-01T00:00:00Z") { id } }`,
      { p: S2 },
    );
    expect(past.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'validUntil',
    });
    const forSomeoneElse = await grant(tokens.s1, S2, 'momo', ['IDENTITY'], 'top-up');
    expect(forSomeoneElse.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_DATA_SUBJECT',
    });
    const byLockedAccount = await grant(tokens.locked, LOCKED, 'momo', ['IDENTITY'], 'top-up');
    expect(byLockedAccount.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'ACCOUNT_LOCKED',
    });
    const byBank = await grant(tokens.bank, S2, 'vietcombank', ['TAX'], 'open-account');
    expect(byBank.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lists a citizen’s consents with their grantees in two statements, however many there are', async () => {
    system.resetStatements();
    const result = await ask(
      tokens.s2,
      `query ($id: ID!) { consents(personalId: $id) { status grantee { clientId name } } }`,
      { id: S2 },
    );
    const listed = (result.data?.consents ?? []) as { grantee: { clientId: string } }[];
    expect(new Set(listed.map((c) => c.grantee.clientId)).size).toBeGreaterThanOrEqual(3);
    expect(dataStatements(system.statements.population)).toHaveLength(2);
  });

  it('lets a parent grant consent for their child', async () => {
    const result = await grant(
      tokens.guardian,
      family.child,
      'bach-mai-hospital',
      ['IDENTITY', 'HEALTH_INSURANCE'],
      'treatment',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.grantConsent).toMatchObject({
      status: 'ACTIVE',
      scopes: ['IDENTITY', 'HEALTH_INSURANCE'],
    });
    const read = await ask(
      tokens.hospital,
      CITIZEN_QUERY,
      { id: family.child },
      { 'x-purpose': 'treatment' },
    );
    expect(read.errors).toBeUndefined();
  });

  it('refuses a request without a token, with an expired one, or from an untrusted issuer', async () => {
    const none = await fetch(system.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(none.status).toBe(401);
    expect(((await none.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const expired = await system.token({ sub: S2, cg_kind: 'citizen', eid_level: 2 }, '-2 minutes');
    const late = await ask(expired, CITIZEN_QUERY, { id: S2 });
    expect(late.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(late.errors?.[0]?.message).toContain('ERR_JWT_EXPIRED');
    const { generateDevKeys, signDevToken } = await import('../../kernel/devKeys.ts');
    const forged = await signDevToken(await generateDevKeys(), {
      sub: S2,
      cg_kind: 'citizen',
      eid_level: 2,
    });
    const refused = await ask(forged, CITIZEN_QUERY, { id: S2 });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const badClaims = await ask(
      await system.token({ sub: '123', cg_kind: 'citizen', eid_level: 2 }),
      CITIZEN_QUERY,
      { id: S2 },
    );
    expect(badClaims.errors?.[0]?.message).toContain("sub must be the citizen's personal ID");
  });

  it('refuses a malformed declared purpose', async () => {
    const result = await ask(tokens.bank, CITIZEN_QUERY, { id: S2 }, { 'x-purpose': 'a b' });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses calls straight to a subgraph, _entities and _service included', async () => {
    for (const url of Object.values(system.subgraphUrls)) {
      for (const query of [
        '{ _service { sdl } }',
        `{ _entities(representations: [{ __typename: "Citizen", personalId: "${S2}" }]) { __typename } }`,
      ]) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-gateway-token': 'forged.token.value' },
          body: JSON.stringify({ query }),
        });
        expect(response.status).toBe(401);
        expect(((await response.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe(
          'UNAUTHENTICATED',
        );
      }
    }
  });
});
