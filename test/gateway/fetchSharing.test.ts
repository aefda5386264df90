import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fetchClassifier, shareKey } from '../../gateway/sharing/fetchSharing.ts';
import { InFlightFetches } from '../../gateway/sharing/inFlightFetches.ts';
import type { RequestIdentity } from '../../kernel/access/caller.ts';

const population = fetchClassifier('population');
const healthInsurance = fetchClassifier('health_insurance');
const classify = (query: string, of = population) => of(parse(query));

const analyst = (clientId: string, purpose: string | null = null): RequestIdentity => ({
  caller: { kind: 'analyst', clientId },
  purpose,
  requestId: crypto.randomUUID(),
});

describe('which subgraph fetches may share an upstream call', () => {
  it('shares fetches of @public fields only with anyone', () => {
    expect(classify('{ provinces { code name mergedInto { code } } }')).toBe('public');
    expect(classify('{ citizen(personalId: "001") { __typename personalId } }')).toBe('public');
    expect(
      classify(
        'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Province { code name } } }',
      ),
    ).toBe('public');
  });

  it('shares statistics within a caller class, never a differentially private one', () => {
    expect(classify('{ nation { code populationBySexAndAge { total { count } } } }')).toBe(
      'statistics',
    );
    expect(
      classify('{ nation { populationBySexAndAge(privacy: { epsilon: 1 }) { total { count } } } }'),
    ).toBe('none');
  });

  it('never shares citizen data, consents, the audit log or a mutation', () => {
    expect(classify('{ citizen(personalId: "001") { personalId fullName } }')).toBe('none');
    expect(
      classify(
        'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Citizen { healthInsurance { cardCode } } } }',
        healthInsurance,
      ),
    ).toBe('none');
    expect(classify('{ consents(personalId: "001") { id } }')).toBe('none');
    expect(classify('{ accessLog(personalId: "001") { at } }')).toBe('none');
    expect(
      classify(
        'mutation { presentShareCredential(personalId: "001", id: "x", fields: []) { id } }',
      ),
    ).toBe('none');
    expect(fetchClassifier('not-ours')(parse('{ provinces { code } }'))).toBe('none');
  });

  it('keys statistics by everything the token tells the subgraph but the request id', () => {
    const statistic = parse('{ nation { populationBySexAndAge { total { count } } } }');
    const key = (identity: RequestIdentity) =>
      shareKey(population, statistic, { accessControl: true, identity }, 'body');
    expect(key(analyst('gso'))).toBe(key(analyst('gso')));
    expect(key(analyst('gso'))).not.toBe(key(analyst('mof')));
    expect(key(analyst('gso', 'report'))).not.toBe(key(analyst('gso')));
    const mutation = parse('mutation { revokeConsent(personalId: "001", consentId: "c") { id } }');
    expect(shareKey(population, mutation, { accessControl: false }, 'body')).toBeNull();
  });
});

describe('calls in flight', () => {
  it('joins an identical call while it is in flight and forgets it once settled', async () => {
    const calls = new InFlightFetches<string>(10);
    let sent = 0;
    const call = async () => `answer ${++sent}`;
    const first = calls.run('k', call);
    const second = calls.run('k', call);
    expect([first.joined, second.joined]).toEqual([false, true]);
    expect(await second.answer).toBe('answer 1');
    expect(calls.size).toBe(0);
    expect(await calls.run('k', call).answer).toBe('answer 2');
  });

  it('shares a failure like an answer, and sends calls unshared past its bound', async () => {
    const calls = new InFlightFetches<string>(1);
    const failing = calls.run('k', () => Promise.reject(new Error('down')));
    await expect(calls.run('k', () => Promise.resolve('no')).answer).rejects.toThrow('down');
    await expect(failing.answer).rejects.toThrow('down');
    const held = calls.run('a', () => new Promise<string>(() => {}));
    expect(held.joined).toBe(false);
    expect(calls.run('b', async () => 'b').joined).toBe(false);
    expect(calls.run('b', async () => 'b').joined).toBe(false);
    expect(calls.size).toBe(1);
  });
});
