import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../schema/compose.ts';
import { SUPERGRAPH_URL } from '../../schema/subgraphs.ts';

describe('the committed supergraph', () => {
  it('is what the subgraph SDLs compose to (run `npm run compose` after changing them)', () => {
    expect(readFileSync(SUPERGRAPH_URL, 'utf8')).toBe(composeSupergraph());
  });
});
