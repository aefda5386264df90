// The answer to the client is bounded (GATEWAY_MAX_RESPONSE_BYTES): one over the limit is not
// sent, the client gets RESPONSE_TOO_LARGE instead and no citizen's data; smaller ones pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from '../support/metrics.ts';
import {
  type AttackedSystem,
  codes,
  leaks,
  OTHER,
  startAttackedSystem,
  VICTIM,
} from './support.ts';

const MAX_RESPONSE_BYTES = 600;

describe('the answer size cap', () => {
  let attacked: AttackedSystem;
  beforeAll(async () => {
    attacked = await startAttackedSystem({
      production: true,
      limits: { maxResponseBytes: MAX_RESPONSE_BYTES },
    });
  });
  afterAll(() => attacked?.stop());

  const EVERYTHING = `query ($ids: [ID!]!) { citizens(personalIds: $ids) { personalId fullName dateOfBirth
    permanentResidence { address } healthInsurance { cardCode validUntil } vehicles { plate brand }
    tax { taxOffice declarations { year taxPaid } } } }`;

  it('serves an answer under the limit', async () => {
    const answer = await attacked.post(`{ citizen(personalId: "${VICTIM}") { personalId } }`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { citizen: { personalId: VICTIM } } });
  });

  it('refuses an answer over the limit with RESPONSE_TOO_LARGE, sending none of it, and counts it', async () => {
    const refusals = { service: 'gateway', code: 'RESPONSE_TOO_LARGE' };
    const before = await metricValue('cg_graphql_errors_total', refusals);
    const answer = await attacked.post(EVERYTHING, { ids: [VICTIM, OTHER] });
    expect(answer.status).toBe(400);
    expect(codes(answer)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(answer.body.errors?.[0]?.extensions?.maxResponseBytes).toBe(MAX_RESPONSE_BYTES);
    expect(answer.body.data).toBeUndefined();
    expect(leaks(answer, VICTIM, OTHER)).toBe(false);
    expect(Number(answer.headers.get('content-length'))).toBeLessThan(MAX_RESPONSE_BYTES);
    expect((await metricValue('cg_graphql_errors_total', refusals)) - before).toBe(1);
  });

  it('the same query is served whole when the limit allows it (the refusal is the size, not the query)', async () => {
    const roomy = await startAttackedSystem({ production: true });
    try {
      const answer = await roomy.post(EVERYTHING, { ids: [VICTIM, OTHER] });
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.text.length).toBeGreaterThan(MAX_RESPONSE_BYTES);
    } finally {
      await roomy.stop();
    }
  });
});
