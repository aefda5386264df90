// The in-process forms subgraph on its own, no server: it answers only the gateway's own request
// context, and its access rules are checked like an agency's — a field without a rule, or with a
// scope it has no facts to decide, stops it from being built.
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formsShield } from '../../gateway/forms/formsShield.ts';
import { formsDataSource } from '../../gateway/forms/formsSubgraph.ts';
import { composedSdl } from '../../schema/subgraphs.ts';
import { plans } from '../support/forms.ts';

const HEADER = composedSdl('forms').split('type Query')[0] as string;

describe('the forms subgraph', () => {
  it('refuses a request that does not carry the gateway’s context, running nothing', async () => {
    let ran = 0;
    const source = formsDataSource({
      forms: new Map(plans.map((p) => [p.template.code, p])),
      sign: () => [Buffer.from('signed')],
      run: async () => {
        ran += 1;
        return { data: null };
      },
    });
    const answer = await source.process({
      kind: 'user request' as never,
      request: {
        query: '{ prefillForm(code: "cccd-reissue", personalId: "086175128486") { subject } }',
      },
      context: {},
    } as never);
    expect(answer.data).toEqual({ prefillForm: null });
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(ran).toBe(0);
  });

  it('will not be built with a field that has no rule, or one that names a scope', () => {
    const unruled = buildSubgraphSchema({ typeDefs: parse(`${HEADER}\ntype Query { x: String }`) });
    expect(() => formsShield(unruled)).toThrow('forms: Query.x has no access rule');
    const scoped = buildSubgraphSchema({
      typeDefs: parse(`${HEADER}\ntype Query { x: String @access(scope: "tax") }`),
    });
    expect(() => formsShield(scoped)).toThrow('names a scope');
  });
});
