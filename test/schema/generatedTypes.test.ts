// The generated resolver and operation types are what GraphQL Code Generator makes of the SDLs
// and the supergraph today: regenerated in memory and compared with the committed files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATION_TYPES_URL, operationTypes } from '../../schema/operationTypes.ts';
import { resolverTypes, resolverTypesUrl } from '../../schema/resolverTypes.ts';
import { COMPOSED_SUBGRAPH_NAMES, SUBGRAPH_NAMES, subgraphSdl } from '../../schema/subgraphs.ts';

const RUN_COMPOSE = '(run `npm run compose` after changing an SDL)';

describe('generated types', () => {
  it.each(COMPOSED_SUBGRAPH_NAMES)(`of %s's resolvers are fresh ${RUN_COMPOSE}`, async (name) => {
    expect(readFileSync(resolverTypesUrl(name), 'utf8')).toBe(await resolverTypes(name));
  });

  it('change when the SDL does, so a stale file is caught', async () => {
    const sdl = subgraphSdl('tax').replace(
      /^(\s+)taxOffice: String!/m,
      '$1taxOffice: String!\n$1taxOfficeAddress: String @access(scope: "tax", level: 2)',
    );
    const changed = await resolverTypes('tax', sdl);
    expect(changed).not.toBe(readFileSync(resolverTypesUrl('tax'), 'utf8'));
    expect(changed).toMatch(/taxOfficeAddress\?: Resolver</);
  });

  it.each(SUBGRAPH_NAMES)("type %s's resolver map where it is written", (name) => {
    const source = readFileSync(
      new URL(`../../subgraphs/${name}/resolvers.ts`, import.meta.url),
      'utf8',
    );
    expect(source).toMatch(/from '\.\/resolverTypes\.generated\.ts'/);
    expect(source).toMatch(/export const resolvers: Resolvers<Context> = \{/);
  });

  it(`of the example client's operations are fresh ${RUN_COMPOSE}`, async () => {
    expect(readFileSync(OPERATION_TYPES_URL, 'utf8')).toBe(await operationTypes());
  });

  it('of an operation follow the supergraph', async () => {
    const supergraph = readFileSync(
      new URL('../../schema/supergraph.graphql', import.meta.url),
      'utf8',
    );
    const nullable = supergraph.replace(/^(\s+cardCode: String)!/m, '$1');
    expect(nullable).not.toBe(supergraph);
    expect(await operationTypes(nullable)).toMatch(/cardCode: string \| null/);
  });
});
