// A subgraph that dies under load, stalls past the gateway's timeout, or answers garbage: the
// client still gets the other agencies' data, with a coded error at each missing field naming the
// service, and every answer that carries data has its audit records.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import { TEST_POPULATION } from '../support/backends.ts';
import { expectedCitizen } from '../support/expected.ts';
import {
  type Answer,
  type FaultSystem,
  startFaultSystem,
  underLoad,
} from '../support/faultSystem.ts';
import { metricValue } from '../support/metrics.ts';

const url = inject('testDatabaseUrl');
const full = samplePersonalIds(TEST_POPULATION).find((s) =>
  s.label.startsWith('level-2 account, data in all five agencies'),
);
if (!full) throw new Error('no citizen with data in every agency in the test population');
const expected = expectedCitizen(full.index);
const QUERY = `query ($id: ID!) { citizen(personalId: $id) {
  fullName healthInsurance { cardCode } driverLicences { class } tax { taxOffice } } }`;

interface Citizen {
  citizen: {
    fullName: string;
    healthInsurance: { cardCode: string } | null;
    tax: { taxOffice: string } | null;
  } | null;
}

/** Every answer carrying a service's data has that service's audit record. */
async function expectAudited(system: FaultSystem, answers: Answer<Citizen>[]) {
  const audited = await system.audited(answers.map((a) => a.requestId));
  for (const answer of answers) {
    const citizen = answer.data?.citizen;
    const services = audited.get(answer.requestId) ?? new Set();
    if (citizen) expect(services).toContain('population');
    if (citizen?.healthInsurance) expect(services).toContain('health_insurance');
    if (citizen?.tax) expect(services).toContain('tax');
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!url)('subgraph faults', () => {
  let database: Database;
  let system: FaultSystem;
  const ask = () => system.ask<Citizen>(QUERY, { id: full.personalId });

  beforeAll(async () => {
    database = openDatabase({ url: url as string, poolSize: 4 });
    system = await startFaultSystem({
      database,
      audit: database,
      proxied: ['tax', 'health_insurance', 'population'],
      // Long enough for a loaded test machine, short enough for the stalled subgraph's test.
      subgraphTimeoutMs: 5_000,
    });
  });
  afterAll(async () => {
    await system?.stop();
    await database?.close();
  });

  it('keeps answering while a subgraph is killed under load, and serves it again once it is back', async () => {
    const tax = system.proxies.tax;
    if (!tax) throw new Error('tax is proxied');
    const load = underLoad(4, ask);
    let downAt = 0;
    let upAt = 0;
    try {
      await expect.poll(() => load.answers.length, { timeout: 30_000 }).toBeGreaterThan(10);
      await tax.down();
      downAt = load.answers.length;
      await expect
        .poll(() => load.answers.length - downAt, { timeout: 30_000 })
        .toBeGreaterThan(10);
      await tax.up();
      upAt = load.answers.length;
      // Back within seconds: the first answers after its return carry tax data again.
      await expect
        .poll(() => load.answers.slice(upAt).some((a) => a.data?.citizen?.tax), { timeout: 60_000 })
        .toBe(true);
    } finally {
      await load.stop();
    }
    const answers = load.answers;

    for (const answer of answers) {
      expect(answer.status).toBe(200);
      // Population's data always arrives, whatever happens to tax.
      expect(answer.data?.citizen?.fullName).toBe(expected.fullName);
      expect(answer.data?.citizen?.healthInsurance?.cardCode).toBe(
        expected.healthInsurance?.cardCode,
      );
      if (answer.data?.citizen?.tax) {
        expect(answer.errors).toBeUndefined();
        expect(answer.data.citizen.tax.taxOffice).toBe(expected.tax?.taxOffice);
      } else {
        // Refused while it is down; on a loaded machine a fetch may also outlast the timeout.
        expect(answer.errors).toEqual([
          {
            message: expect.stringContaining('tax service'),
            path: ['citizen', 'tax'],
            extensions: {
              code: expect.stringMatching(/^SUBGRAPH_(UNAVAILABLE|TIMEOUT)$/),
              serviceName: 'tax',
            },
          },
        ]);
      }
    }
    const refused = answers
      .slice(downAt, upAt)
      .filter((a) => a.errors?.[0]?.extensions?.code === 'SUBGRAPH_UNAVAILABLE');
    expect(refused.length).toBeGreaterThan(5);
    await expectAudited(system, answers);
  }, 180_000);

  it('gives up on a subgraph that does not answer within the timeout, for one citizen and for a list', async () => {
    const tax = system.proxies.tax;
    if (!tax) throw new Error('tax is proxied');
    tax.set('stall');
    try {
      const one = await ask();
      expect(one.data?.citizen?.fullName).toBe(expected.fullName);
      expect(one.data?.citizen?.tax).toBeNull();
      expect(one.errors).toEqual([
        {
          message: 'The tax service did not answer within 5000 ms.',
          path: ['citizen', 'tax'],
          extensions: { code: 'SUBGRAPH_TIMEOUT', serviceName: 'tax' },
        },
      ]);
      const [a, b] = samplePersonalIds(TEST_POPULATION);
      const list = await system.ask<{ citizens: { fullName: string; tax: unknown }[] }>(
        `query ($ids: [ID!]!) { citizens(personalIds: $ids) { fullName tax { taxOffice } } }`,
        { ids: [a?.personalId, b?.personalId] },
      );
      expect(list.data?.citizens.map((c) => c.fullName)).toEqual([
        expectedCitizen(a?.index as number).fullName,
        expectedCitizen(b?.index as number).fullName,
      ]);
      expect(
        list.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.serviceName]),
      ).toEqual([
        [['citizens', 0, 'tax'], 'SUBGRAPH_TIMEOUT', 'tax'],
        [['citizens', 1, 'tax'], 'SUBGRAPH_TIMEOUT', 'tax'],
      ]);
      await expectAudited(system, [one]);
    } finally {
      tax.set('pass');
    }
  });

  it('refuses an answer that is not GraphQL, naming the service', async () => {
    const health = system.proxies.health_insurance;
    if (!health) throw new Error('health_insurance is proxied');
    health.set('garbage');
    try {
      const answer = await ask();
      expect(answer.status).toBe(200);
      expect(answer.data?.citizen?.fullName).toBe(expected.fullName);
      expect(answer.data?.citizen?.tax?.taxOffice).toBe(expected.tax?.taxOffice);
      expect(answer.data?.citizen?.healthInsurance).toBeNull();
      expect(answer.errors).toEqual([
        {
          message: 'The health_insurance service answered HTTP 200 with a body that is not JSON.',
          path: ['citizen', 'healthInsurance'],
          extensions: { code: 'SUBGRAPH_BAD_RESPONSE', serviceName: 'health_insurance' },
        },
      ]);
      await expectAudited(system, [answer]);
    } finally {
      health.set('pass');
    }
  });

  it('sends a query once more when the subgraph closes its connection without answering', async () => {
    const tax = system.proxies.tax;
    if (!tax) throw new Error('tax is proxied');
    const retries = () => metricValue('cg_subgraph_retries_total', { subgraph: 'tax' });
    const before = { hangups: tax.hangups, retries: await retries() };
    tax.set('hangup-once');
    try {
      const answer = await ask();
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.citizen?.tax?.taxOffice).toBe(expected.tax?.taxOffice);
      expect(tax.hangups - before.hangups).toBe(1);
      expect((await retries()) - before.retries).toBe(1);
      await expectAudited(system, [answer]);
    } finally {
      tax.set('pass');
    }
  });

  it('never sends a mutation twice: a closed connection answers it unavailable, not retried', async () => {
    const population = system.proxies.population;
    if (!population) throw new Error('population is proxied');
    const retries = () => metricValue('cg_subgraph_retries_total', { subgraph: 'population' });
    const before = { hangups: population.hangups, retries: await retries() };
    population.set('hangup-once');
    try {
      const answer = await system.ask(
        'mutation ($id: ID!) { revokeConsent(personalId: $id, consentId: "0") { id } }',
        { id: full.personalId },
      );
      expect(answer.data).toEqual({ revokeConsent: null });
      expect(answer.errors).toEqual([
        {
          message: expect.stringContaining('The population service is unreachable'),
          path: ['revokeConsent'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'population' },
        },
      ]);
      expect(population.hangups - before.hangups).toBe(1);
      expect((await retries()) - before.retries).toBe(0);
    } finally {
      population.set('pass');
    }
  });

  it('retries a query only once: a subgraph that keeps closing is unavailable at its fields', async () => {
    const tax = system.proxies.tax;
    if (!tax) throw new Error('tax is proxied');
    const before = tax.hangups;
    tax.set('hangup');
    try {
      const answer = await ask();
      expect(answer.data?.citizen?.fullName).toBe(expected.fullName);
      expect(answer.data?.citizen?.tax).toBeNull();
      expect(answer.errors).toEqual([
        {
          message: expect.stringContaining('The tax service is unreachable'),
          path: ['citizen', 'tax'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'tax' },
        },
      ]);
      expect(tax.hangups - before).toBe(2);
    } finally {
      tax.set('pass');
    }
  });

  it('answers a dead root subgraph with an error at the root field, and nothing else is asked', async () => {
    const population = system.proxies.population;
    if (!population) throw new Error('population is proxied');
    await population.down();
    try {
      const answer = await ask();
      expect(answer.status).toBe(200);
      expect(answer.data).toEqual({ citizen: null });
      expect(answer.errors).toEqual([
        {
          message: expect.stringContaining('The population service is unreachable'),
          path: ['citizen'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'population' },
        },
      ]);
    } finally {
      await population.up();
    }
  });

  it('is ready only while every subgraph is reachable; each subgraph is ready while its database answers', async () => {
    const base = new URL(system.gateway.url).origin;
    const ready = () => fetch(`${base}/health/ready`);
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await ready()).status).toBe(200);
    const tax = system.proxies.tax;
    await tax?.down();
    try {
      const refused = await ready();
      expect(refused.status).toBe(503);
      expect(await refused.json()).toEqual({
        status: 'not ready',
        problems: [expect.stringMatching(/^tax: /)],
      });
    } finally {
      await tax?.up();
    }
    await wait(50);
    expect((await ready()).status).toBe(200);
    for (const subgraph of Object.values(system.subgraphUrls)) {
      const origin = new URL(subgraph).origin;
      expect((await fetch(`${origin}/health/live`)).status).toBe(200);
      const answer = await fetch(`${origin}/health/ready`);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ status: 'ready' });
    }
  });
});
