// `npm run schema:check [-- --base <git revision>]`: the breaking changes between the supergraph
// committed at a revision (default HEAD) and the one composed from the working SDL files. Exits 1
// on a breaking change; a missing revision (a first commit, a shallow clone) is skipped.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Change, CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';
import { composeSupergraph } from './compose.ts';
import { SUPERGRAPH_URL } from './subgraphs.ts';

/** Federation's own types and directives (join__*, link__*) say how to route, not what is served. */
const isFederationPlumbing = (change: Change) =>
  /^(join__|link__|@join__|@link)/.test(change.path ?? '');

/** The changes from `before` to `after` a client could notice, federation plumbing left out. */
export async function supergraphChanges(before: string, after: string): Promise<Change[]> {
  const build = (sdl: string) => buildSchema(sdl, { assumeValidSDL: true });
  const changes = await diff(build(before), build(after));
  return changes.filter((change) => !isFederationPlumbing(change));
}

export const isBreaking = (change: Change) =>
  change.criticality.level === CriticalityLevel.Breaking;

/** The supergraph committed at `revision`, or null when git cannot show it. */
export function committedSupergraph(revision: string): string | null {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const path = fileURLToPath(SUPERGRAPH_URL).slice(root.length);
  try {
    return execFileSync('git', ['show', `${revision}:${path}`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { base: { type: 'string', default: 'HEAD' } } });
  const before = committedSupergraph(values.base);
  if (before === null) {
    console.log(`schema:check: no supergraph at ${values.base}; nothing to compare`);
    process.exit(0);
  }
  const changes = await supergraphChanges(before, composeSupergraph());
  for (const change of changes)
    console.log(`${change.criticality.level.padEnd(13)} ${change.message}`);
  const breaking = changes.filter(isBreaking);
  console.log(
    `schema:check against ${values.base}: ${changes.length} changes, ${breaking.length} breaking`,
  );
  process.exit(breaking.length > 0 ? 1 : 0);
}
