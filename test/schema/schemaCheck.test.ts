// npm run schema:check: what a client would notice between two supergraphs, found by
// @graphql-inspector, with federation's routing plumbing left out.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { committedSupergraph, isBreaking, supergraphChanges } from '../../schema/check.ts';
import { SUPERGRAPH_URL } from '../../schema/subgraphs.ts';

const current = readFileSync(SUPERGRAPH_URL, 'utf8');

describe('schema check', () => {
  it('finds a removed field breaking', async () => {
    const removed = current.replace(/^\s+taxOffice: String!.*\n/m, '');
    expect(removed).not.toBe(current);
    const changes = await supergraphChanges(current, removed);
    expect(changes.filter(isBreaking).map((c) => c.path)).toEqual(['TaxProfile.taxOffice']);
  });

  it('finds an added optional argument safe, and nothing in an unchanged supergraph', async () => {
    const added = current.replace(
      /^(\s+)taxOffice: String!/m,
      '$1taxOffice(language: String): String!',
    );
    const changes = await supergraphChanges(current, added);
    expect(changes.length).toBe(1);
    expect(changes.filter(isBreaking)).toEqual([]);
    expect(await supergraphChanges(current, current)).toEqual([]);
  });

  it('reads the supergraph of a revision from git, and null for one that does not exist', () => {
    expect(committedSupergraph('no-such-revision')).toBeNull();
  });
});
