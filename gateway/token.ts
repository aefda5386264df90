import { parseArgs } from 'node:util';
import type { JWTPayload } from 'jose';
import { loadOrCreateDevKeys, signDevToken } from './auth/devKeys.ts';

/**
 * Prints a caller token from the development issuer that `npm start` trusts:
 *   npm run token -- citizen <personalId> [--level 1|2]
 *   npm run token -- one-stop-shop <personalId> [--level 1|2]
 *   npm run token -- agency <clientId> --scopes identity,tax
 *   npm run token -- third-party <clientId>
 *   npm run token -- analyst|auditor <clientId>
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

try {
  console.log(await signDevToken(await loadOrCreateDevKeys(), claims(), values.expires));
} catch (error) {
  console.error(`npm run token -- <kind> <id>: ${(error as Error).message}`);
  process.exitCode = 2;
}
