import { expect, it } from 'vitest';
import { MAX_CITIZENS_PER_QUERY } from '../../kernel/maxCitizensPerQuery.ts';
import { subgraphSdl } from '../../schema/subgraphs.ts';

it('describes the citizens limit in the SDL with the number the resolver enforces', () => {
  const description = /"([^"]*)"\s*citizens\(/.exec(subgraphSdl('population'))?.[1];
  expect(description).toContain(`at most ${MAX_CITIZENS_PER_QUERY} numbers`);
});
