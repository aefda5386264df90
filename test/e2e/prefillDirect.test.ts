// A form's operation run straight from its plan (gateway/forms/formOperations.ts) answers exactly
// what Apollo's execution of the same operation answers: every template, single and bulk, with
// full consent, partial consent and none, for an unknown subject, and with subgraphs down; and it
// never falls back to Apollo for a form's operation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consents } from '../../db/schema/access.ts';
import { devIssuer } from '../../gateway/auth/issuers.ts';
import { type GatewayContext, gatewayContext } from '../../gateway/context.ts';
import { bulkOperation } from '../../gateway/forms/bulkPrefill.ts';
import { directRunner, planFormOperations } from '../../gateway/forms/formOperations.ts';
import {
  executeOn,
  PrefillRefused,
  prefillMany,
  prefillOne,
  type RunOperation,
} from '../../gateway/forms/prefill.ts';
import { trustedDocuments } from '../../gateway/forms/trustedDocuments.ts';
import { DEFAULT_LIMITS } from '../../gateway/limits/limitsConfig.ts';
import { subjectRateLimitPlugin } from '../../gateway/rateLimit/rateLimitPlugin.ts';
import { RateLimits } from '../../gateway/rateLimit/rateLimits.ts';
import { createGateway } from '../../gateway/server.ts';
import type { FormPlan } from '../../schema/forms/plan.ts';
import type { SubgraphName } from '../../schema/subgraphs.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';
import { completeAdults, plan, plans } from '../support/forms.ts';
import { startTestSystem, type TestSystem } from '../support/testSystem.ts';

/** Subjects of this suite only: one consents to everything, one to identity, one to nothing. */
const [full, partly, none] = completeAdults(TEST_POPULATION * 0.7, 3).map((s) => s.personalId) as [
  string,
  string,
  string,
];
const UNKNOWN = '001099000000';
/** A port nothing listens on: the subgraph is down. */
const DOWN = 'http://127.0.0.1:9/graphql';

interface Paths {
  direct: RunOperation;
  apollo: RunOperation;
  /** Operations the direct path handed to Apollo. */
  fellBack: string[];
  close(): Promise<void>;
}

/** A subject rate limit for each path, counted apart (0: none). */
const subjectLimit = (subjectPerMinute: number) =>
  new RateLimits({ ...DEFAULT_LIMITS, clientPerMinute: 0, citizenPerMinute: 0, subjectPerMinute });

/** One gateway over these subgraph URLs, and its two ways of running a form's operation. */
async function bothPaths(
  subgraphUrls: Partial<Record<SubgraphName, string>>,
  subjectPerMinute = 0,
): Promise<Paths> {
  const forms = new Map(plans.map((p) => [p.template.code, p]));
  const limited = subjectPerMinute > 0;
  const directLimits = subjectLimit(subjectPerMinute);
  const gateway = createGateway({
    subgraphUrls,
    trustedDocuments: trustedDocuments(forms),
    plugins: limited ? [subjectRateLimitPlugin(subjectLimit(subjectPerMinute))] : [],
    limits: DEFAULT_LIMITS,
    production: false,
    subgraphTimeoutMs: 60_000,
  });
  await gateway.apollo.start();
  const apollo = executeOn(gateway.apollo);
  const fellBack: string[] = [];
  const direct = directRunner({
    operations: planFormOperations(forms),
    services: gateway.services,
    fallback: (query, variables, context) => {
      fellBack.push(query);
      return apollo(query, variables, context);
    },
    countSubjects: limited
      ? (caller, subjects) => directLimits.subjects(caller, subjects)
      : undefined,
  });
  return {
    direct,
    apollo,
    fellBack,
    close: async () => {
      await gateway.apollo.stop();
      await gateway.close();
    },
  };
}

/** What a prefill answers, without the time it was issued at (the two runs differ by a moment). */
async function outcome(answer: () => Promise<object>) {
  try {
    const { issuedAt: _issuedAt, ...rest } = (await answer()) as { issuedAt?: string };
    return rest;
  } catch (error) {
    if (!(error instanceof PrefillRefused)) throw error;
    return { refused: { status: error.status, message: error.message, ...error.extensions } };
  }
}

describe.each(backends())('a form operation run from its plan, on $name', (backend) => {
  let system: TestSystem;
  let up: Paths;
  let agenciesDown: Paths;
  let populationDown: Paths;
  let context: (token: string) => Promise<GatewayContext>;
  beforeAll(async () => {
    system = await startTestSystem(backend, { subgraphTimeoutMs: 60_000 });
    const urls = system.subgraphUrls;
    up = await bothPaths(urls);
    agenciesDown = await bothPaths({
      population: urls.population,
      health_insurance: DOWN,
      driving: DOWN,
      vehicles: DOWN,
      tax: DOWN,
    });
    populationDown = await bothPaths({ ...urls, population: DOWN });
    const authenticate = gatewayContext({
      issuers: [devIssuer(system.keys)],
      gatewaySecret: system.keys.gatewaySecret,
    });
    context = (token) => authenticate({ headers: { authorization: `Bearer ${token}` } });
    const day = 86_400_000;
    const consent = (personalId: string, form: FormPlan, scopes: string[]) => ({
      personalId,
      granteeClientId: 'one-stop-shop',
      scopes,
      purpose: form.template.purpose,
      validFrom: new Date(Date.now() - day),
      validUntil: new Date(Date.now() + day),
      grantedBy: personalId,
      createdViaLevel: 2,
    });
    await system.database
      .drizzle()
      .insert(consents)
      .values(
        plans.flatMap((form) => [
          consent(full, form, form.template.scopes),
          consent(partly, form, ['identity']),
        ]),
      );
  });
  afterAll(async () => {
    await Promise.all([up, agenciesDown, populationDown].map((paths) => paths?.close()));
    await system?.stop();
  });

  const shopToken = (personalId: string) =>
    system.token({
      sub: personalId,
      cg_kind: 'citizen',
      eid_level: 2,
      act: { sub: 'one-stop-shop' },
    });
  const portalToken = () => system.token({ sub: 'one-stop-shop', cg_kind: 'third_party' });

  /** Both paths' answers for one prefill; they must be equal. */
  async function single(paths: Paths, form: FormPlan, personalId: string) {
    const asked = await context(await shopToken(personalId));
    const run = (how: RunOperation) => outcome(() => prefillOne(how, form, personalId, asked));
    const direct = await run(paths.direct);
    const apollo = await run(paths.apollo);
    expect(direct, `${form.template.code} for ${personalId}`).toEqual(apollo);
    return direct as { fields?: Record<string, { filled: boolean; reason?: string }> };
  }

  async function bulk(paths: Paths, form: FormPlan) {
    const asked = await context(await portalToken());
    const subjects = [full, partly, none, UNKNOWN, '12345'];
    const run = (how: RunOperation) => outcome(() => prefillMany(how, form, subjects, asked));
    const direct = await run(paths.direct);
    const apollo = await run(paths.apollo);
    expect(direct, form.template.code).toEqual(apollo);
    return direct as {
      subjects?: { fields?: Record<string, { filled: boolean; reason?: string }> }[];
    };
  }

  const reasons = (fields: Record<string, { filled: boolean; reason?: string }> = {}) =>
    new Set(Object.values(fields).map((f) => (f.filled ? 'FILLED' : f.reason)));

  it.each(plans.map((p) => p.template.code))(
    'answers %s as Apollo does: full, partial and no consent, an unknown subject, in bulk',
    async (code) => {
      const form = plan(code);
      expect(reasons((await single(up, form, full)).fields)).toContain('FILLED');
      expect(reasons((await single(up, form, partly)).fields)).toContain('FILLED');
      expect(reasons((await single(up, form, none)).fields)).toContain('CONSENT_REQUIRED');
      expect(await single(up, form, UNKNOWN)).toMatchObject({
        refused: { code: 'SUBJECT_NOT_FOUND' },
      });
      const answer = await bulk(up, form);
      expect(answer.subjects).toHaveLength(5);
      expect(reasons(answer.subjects?.[0]?.fields)).toContain('FILLED');
      expect(up.fellBack).toEqual([]);
    },
  );

  it.each(plans.map((p) => p.template.code))(
    'answers %s as Apollo does when subgraphs are down',
    async (code) => {
      const form = plan(code);
      const agencies = new Set(form.fields.map((f) => f.agency));
      const withOthers = await single(agenciesDown, form, full);
      if (agencies.size > 1) expect(reasons(withOthers.fields)).toContain('SUBGRAPH_UNAVAILABLE');
      await bulk(agenciesDown, form);
      const withoutPopulation = await single(populationDown, form, full);
      expect(reasons(withoutPopulation.fields)).toEqual(new Set(['SUBGRAPH_UNAVAILABLE']));
      expect(await bulk(populationDown, form)).toMatchObject({
        refused: { status: 502, code: 'SUBGRAPH_UNAVAILABLE' },
      });
      expect([...agenciesDown.fellBack, ...populationDown.fellBack]).toEqual([]);
    },
  );

  it('refuses a subject read over the rate limit as Apollo does', async () => {
    const limited = await bothPaths(system.subgraphUrls, 1);
    try {
      const form = plan('health-insurance-reissue');
      const asked = (await context(await shopToken(full))).withPurpose(form.template.purpose);
      const read = (how: RunOperation) => how(form.template.operation, { personalId: full }, asked);
      expect((await read(limited.direct)).errors).toBeUndefined();
      expect((await read(limited.apollo)).errors).toBeUndefined();
      const refused = await read(limited.direct);
      const byApollo = await read(limited.apollo);
      // The two reads are moments apart: the seconds left may have crossed a boundary between them.
      const retryAfter = (answer: typeof refused) =>
        Number(answer.errors?.[0]?.extensions?.retryAfterSeconds);
      expect(Math.abs(retryAfter(refused) - retryAfter(byApollo))).toBeLessThanOrEqual(1);
      const withoutSeconds = (answer: typeof refused) =>
        JSON.parse(JSON.stringify(answer), (key, value) =>
          key === 'retryAfterSeconds' ? typeof value : value,
        );
      expect(withoutSeconds(refused)).toEqual(withoutSeconds(byApollo));
      expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(limited.fellBack).toEqual([]);
    } finally {
      await limited.close();
    }
  });

  it('plans every form operation, single and bulk, for the direct path', () => {
    const planned = planFormOperations(new Map(plans.map((p) => [p.template.code, p])));
    for (const form of plans) {
      expect(planned.has(form.template.operation), form.template.code).toBe(true);
      expect(planned.has(bulkOperation(form)), form.template.code).toBe(true);
    }
  });
});
