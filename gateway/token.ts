import { parseArgs } from 'node:util';
import type { JWTPayload } from 'jose';
import { newTokenSecret } from '../kernel/access/internalToken.ts';
import { loadOrCreateDevKeys, signDevToken } from '../kernel/devKeys.ts';
import { derivedSubgraphKey } from '../kernel/subgraphKey.ts';
import { SUBGRAPH_NAMES } from '../schema/subgraphs.ts';
import { newSigningJwks } from './signing/signingKeys.ts';

/**
 * Prints a caller token from the development issuer that `npm start` trusts:
 *   npm run token -- citizen <personalId> [--level 1|2]
 *   npm run token -- one-stop-shop <personalId> [--level 1|2]
 *   npm run token -- agency <clientId> --scopes identity,tax
 *   npm run token -- third-party <clientId>
 *   npm run token -- analyst|auditor <clientId>
 * and the keys of the gateway's internal tokens, for production:
 *   npm run token -- gateway-secret          a fresh GATEWAY_TOKEN_SECRET_FILE
 *   npm run token -- subgraph-key <name>     that subgraph's SUBGRAPH_TOKEN_KEY_FILE, derived
 *                                            from GATEWAY_TOKEN_SECRET_FILE
 *   npm run token -- signing-keys <kid>      a fresh GATEWAY_SIGNING_KEYS_FILE (ES256 JWK set)
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    level: { type: 'string', default: '2' },
    scopes: { type: 'string', default: '' },
    expires: { type: 'string', default: '1h' },
  },
});
const [kind, id] = positionals;
const level = Number(values.level);

function claims(): JWTPayload {
  if (!id) throw new Error('name the personal ID or client id after the caller kind');
  switch (kind) {
    case 'citizen':
      return { sub: id, cg_kind: 'citizen', eid_level: level };
    case 'one-stop-shop':
      return { sub: id, cg_kind: 'citizen', eid_level: level, act: { sub: 'one-stop-shop' } };
    case 'agency':
      return {
        sub: id,
        cg_kind: 'agency',
        scope: values.scopes.split(',').filter(Boolean).join(' '),
      };
    case 'third-party':
      return { sub: id, cg_kind: 'third_party' };
    case 'analyst':
    case 'auditor':
      return { sub: id, cg_kind: kind };
    default:
      throw new Error('kind: citizen | one-stop-shop | agency | third-party | analyst | auditor');
  }
}

async function output(): Promise<string> {
  if (kind === 'gateway-secret') return newTokenSecret();
  if (kind === 'signing-keys') {
    if (!id) throw new Error('name the key id, e.g. signing-2026-12');
    return JSON.stringify(await newSigningJwks(id));
  }
  if (kind === 'subgraph-key') {
    if (!SUBGRAPH_NAMES.includes(id as never)) {
      throw new Error(`name a subgraph: ${SUBGRAPH_NAMES.join(', ')}`);
    }
    return (await derivedSubgraphKey(id as string)).toString('base64url');
  }
  return signDevToken(await loadOrCreateDevKeys(), claims(), values.expires);
}

try {
  console.log(await output());
} catch (error) {
  console.error(`npm run token -- <kind> <id>: ${(error as Error).message}`);
  process.exitCode = 2;
}
