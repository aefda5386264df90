// Date arithmetic on ISO days (db/domain/dates.ts): a period of years from 29 February ends on 28
// February in a common year, and the health-insurance subgraph answers that for a card stored
// with such a start.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ageOn, isLeapYear, plusYears } from '../../db/domain/dates.ts';
import { prepareDatabase } from '../../db/prepare.ts';
import { cards } from '../../db/schema/health_insurance.ts';
import { generateCitizen } from '../../db/seed/generate.ts';
import {
  INTERNAL_TOKEN_HEADER,
  internalTokenSigner,
  subgraphTokenKey,
} from '../../kernel/access/internalToken.ts';
import { generateDevKeys } from '../../kernel/devKeys.ts';
import { SUBGRAPHS } from '../../subgraphs/definitions.ts';
import { buildSubgraph } from '../../subgraphs/shared/subgraphServer.ts';

describe('dates', () => {
  it('knows leap years', () => {
    expect([2020, 2024, 2000].map(isLeapYear)).toEqual([true, true, true]);
    expect([2025, 2100, 1900].map(isLeapYear)).toEqual([false, false, false]);
  });

  it('adds years, ending a period from 29 February on 28 February in a common year', () => {
    expect(plusYears('2020-02-29', 5)).toBe('2025-02-28');
    expect(plusYears('2020-02-29', 4)).toBe('2024-02-29');
    expect(plusYears('2020-02-29', -1)).toBe('2019-02-28');
    expect(plusYears('2019-03-01', 5)).toBe('2024-03-01');
    expect(plusYears('1999-12-31', 1)).toBe('2000-12-31');
    for (let years = 0; years < 12; years++) {
      const day = plusYears('2020-02-29', years);
      expect(new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10), day).toBe(day);
    }
  });

  it('counts ages, a 29 February birth completing its year on 28 February in a common year', () => {
    expect(ageOn('2012-02-29', '2026-02-27')).toBe(13);
    expect(ageOn('2012-02-29', '2026-02-28')).toBe(14);
    expect(ageOn('2012-03-01', '2026-02-28')).toBe(13);
    expect(ageOn('2012-03-01', new Date('2026-03-01T00:00:00Z'))).toBe(14);
    expect(ageOn('2012-02-29', '2028-02-29')).toBe(16);
  });
});

describe('a health-insurance card whose continuous cover starts on 29 February', () => {
  it('reaches five years on 28 February, read from the database through the subgraph', async () => {
    const database = await prepareDatabase({ seedCount: 20 });
    try {
      const personalId = generateCitizen(3, 20).citizen.personalId;
      const db = database.drizzle();
      await db
        .update(cards)
        .set({ continuousSince: '2020-02-29' })
        .where(eq(cards.personalId, personalId));
      const keys = await generateDevKeys();
      const definition = SUBGRAPHS.find((d) => d.name === 'health_insurance');
      if (!definition) throw new Error('health_insurance is a subgraph');
      const { apollo, context } = buildSubgraph(definition, db, {
        tokenKey: subgraphTokenKey(keys.gatewaySecret, 'health_insurance'),
      });
      await apollo.start();
      try {
        const token = internalTokenSigner(keys.gatewaySecret)('health_insurance', {
          caller: { kind: 'agency', clientId: 'test-agency', scopes: ['health_insurance'] },
          purpose: 'integration-test',
          requestId: randomUUID(),
        });
        const response = await apollo.executeOperation(
          {
            query: `query ($r: [_Any!]!) { _entities(representations: $r) {
              ... on Citizen { healthInsurance { continuousSince fiveYearsContinuousOn } } } }`,
            variables: { r: [{ __typename: 'Citizen', personalId }] },
          },
          { contextValue: await context({ headers: { [INTERNAL_TOKEN_HEADER]: token } }) },
        );
        const body = response.body.kind === 'single' ? response.body.singleResult : null;
        expect(body?.errors).toBeUndefined();
        expect(body?.data?._entities).toEqual([
          {
            healthInsurance: { continuousSince: '2020-02-29', fiveYearsContinuousOn: '2025-02-28' },
          },
        ]);
      } finally {
        await apollo.stop();
      }
    } finally {
      await database.close();
    }
  });
});
