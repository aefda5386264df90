import { type Route, send } from '../../kernel/http.ts';
import type { SigningKeys } from './signingKeys.ts';

/** The public keys a receiving system verifies the gateway's signed answers and credentials with. */
export function jwksRoute(keys: SigningKeys): Route {
  const body = JSON.stringify(keys.jwks);
  return {
    method: 'GET',
    path: '/.well-known/jwks.json',
    handle: (_req, res) =>
      send(res, 200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' }, body),
  };
}
