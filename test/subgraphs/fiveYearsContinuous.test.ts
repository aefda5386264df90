// A health-insurance card stored with continuous cover from 29 February 2020 reaches five years
// on 28 February 2025 (db/domain/dates.ts), read from the database through the subgraph.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
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
      const { apollo, context } = buildSubgraph(definition, database, {
        tokenKey: subgraphTokenKey(keys.gatewaySecret, 'health_insurance'),
      });
      await apollo.start();
      try {
        const token = internalTokenSigner(keys.gatewaySecret)('health_insurance', {
          caller: { kind: 'agency', clientId: 'test-agency', scopes: ['health_insurance'] },
          purpose: 'integration-test',
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
  }, 300_000); // a PGlite of its own: migrated and seeded first
});
