import type { IncomingMessage } from 'node:http';
import { verifyKeyBinding } from './keyBinding.ts';
import { NonceStoreUnavailable } from './nonces.ts';
import { verifyShareCredential } from './shareCredential.ts';
import {
  bodyOf,
  contextFor,
  credentialOf,
  execute,
  Refused,
  refusedBy,
  type ShareDependencies,
} from './shareRequests.ts';

/** The purpose a presentation's audit records carry. */
export const SHARE_PURPOSE = 'share-credential';
const PRESENT = `mutation ($p: ID!, $id: ID!, $f: [String!]!) {
  presentShareCredential(personalId: $p, id: $id, fields: $f) { id recordedAt }
}`;

/**
 * `POST /shares/present`: the audience's system presents what the citizen showed it. Signature,
 * audience, expiry and, for a bound credential, the holder's key-binding JWT and its nonce are
 * checked here, revocation and the audit record by the population subgraph; the answer holds the
 * disclosed claims only.
 */
export async function present(deps: ShareDependencies, req: IncomingMessage) {
  const body = await bodyOf(req);
  const context = await contextFor(deps, req, SHARE_PURPOSE);
  const { caller } = context.identity;
  if (caller.kind !== 'third_party')
    throw new Refused(403, 'a share credential is presented by the system it was issued to', {
      code: 'FORBIDDEN',
      reason: 'THIRD_PARTY_ONLY',
    });
  const credential = credentialOf(body);
  const share = await verifyShareCredential(deps.signing.jwks, credential);
  if (share.audience !== caller.clientId)
    throw new Refused(403, 'this credential was issued to another system', {
      code: 'CREDENTIAL_WRONG_AUDIENCE',
    });
  if (share.holderKey) await spendBinding(deps, credential, caller.clientId);
  const fields = Object.keys(share.disclosed);
  if (fields.length === 0)
    throw new Refused(400, 'the credential discloses no field', { code: 'NOTHING_DISCLOSED' });
  const result = await execute(
    deps,
    PRESENT,
    { p: share.personalId, id: share.id, f: fields },
    context,
  );
  if (result.errors) throw refusedBy(result.errors);
  const { recordedAt } = (result.data as { presentShareCredential: { recordedAt: string } })
    .presentShareCredential;
  return {
    claims: share.disclosed,
    subject: share.personalId,
    id: share.id,
    expiresAt: share.expiresAt.toISOString(),
    recordedAt,
  };
}

const NONCE_REFUSALS = {
  unknown: ['NONCE_UNKNOWN', 'this nonce was not issued to this system, or has expired'],
  reused: ['NONCE_REUSED', 'this nonce has been spent: ask POST /shares/nonce for another'],
} as const;

/**
 * A bound credential's key-binding JWT checked, then its nonce spent: last, so that a refused
 * presentation leaves the grantee's nonce for a corrected one.
 */
async function spendBinding(deps: ShareDependencies, credential: string, grantee: string) {
  const { nonce } = await verifyKeyBinding(deps.signing.jwks, credential, { audience: grantee });
  const spent = await deps.nonces.spend(nonce, grantee).catch(unavailable);
  if (spent === 'spent') return;
  const [code, message] = NONCE_REFUSALS[spent];
  throw new Refused(400, message, { code });
}

function unavailable(error: unknown): never {
  if (!(error instanceof NonceStoreUnavailable)) throw error;
  throw new Refused(503, 'presentation nonces are unavailable; retry later', {
    code: 'NONCE_STORE_UNAVAILABLE',
  });
}

/**
 * `POST /shares/nonce`: a single-use nonce for the grantee's next presentation of a bound
 * credential, valid for NONCE_TTL_SECONDS; the holder signs it into the key-binding JWT.
 */
export async function nonce(deps: ShareDependencies, req: IncomingMessage) {
  await bodyOf(req);
  const context = await contextFor(deps, req, SHARE_PURPOSE);
  const { caller } = context.identity;
  if (caller.kind !== 'third_party')
    throw new Refused(403, 'a nonce is for the system a credential is presented by', {
      code: 'FORBIDDEN',
      reason: 'THIRD_PARTY_ONLY',
    });
  const issued = await deps.nonces.issue(caller.clientId).catch(unavailable);
  return {
    nonce: issued.nonce,
    audience: caller.clientId,
    expiresAt: issued.expiresAt.toISOString(),
  };
}
