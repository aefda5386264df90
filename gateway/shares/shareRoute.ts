import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkPersonalId } from '../../db/domain/personalId.ts';
import { type Route, send, sendError } from '../../kernel/http.ts';
import { isShareField, MAX_SHARE_MINUTES, SHARE_FIELDS } from '../../kernel/shareFields.ts';
import type { GatewayContext } from '../context.ts';
import { qrPng } from './qrPng.ts';
import {
  CredentialRefused,
  discloseOnly,
  issueShareCredential,
  verifyShareCredential,
} from './shareCredential.ts';
import {
  badInput,
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
const DEFAULT_MINUTES = 10;

function issueRequest(body: Record<string, unknown>, context: GatewayContext) {
  if (context.identity.caller.kind !== 'citizen')
    throw new Refused(403, 'only the citizen (or their guardian) issues a share credential', {
      code: 'FORBIDDEN',
      reason: 'CITIZEN_ONLY',
    });
  const { personalId, audience, fields, validForMinutes = DEFAULT_MINUTES } = body;
  if (typeof personalId !== 'string' || typeof audience !== 'string' || audience === '')
    throw badInput('the body must be {"personalId", "audience", "fields", "validForMinutes"?}');
  const check = checkPersonalId(personalId);
  if (!check.ok) throw badInput(`personalId: ${check.problem}`);
  if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f === 'string'))
    throw badInput('fields must list at least one field name');
  const unknown = fields.find((f) => !isShareField(f));
  if (unknown !== undefined)
    throw new Refused(400, `"${unknown}" is not a field a credential can share`, {
      code: 'UNKNOWN_SHARE_FIELD',
      field: unknown,
      fields: Object.keys(SHARE_FIELDS),
    });
  const minutes = validForMinutes;
  if (
    typeof minutes !== 'number' ||
    !Number.isInteger(minutes) ||
    minutes < 1 ||
    minutes > MAX_SHARE_MINUTES
  )
    throw badInput(`validForMinutes must be a whole number from 1 to ${MAX_SHARE_MINUTES}`);
  return { personalId, audience, fields: [...new Set(fields as string[])], minutes };
}

const ISSUE = `mutation ($p: ID!, $a: String!, $f: [String!]!, $v: DateTime!) {
  issueShareCredential(personalId: $p, audience: $a, fields: $f, validUntil: $v) { id validFrom validUntil }
}`;

/**
 * `POST /shares`: the citizen's fields are read with their own rights (decided and audited like
 * any read), the credential is recorded, and the gateway signs an SD-JWT VC holding each field
 * as a selectively disclosable claim. Nothing is recorded when the read is refused.
 */
async function issue(deps: ShareDependencies, req: IncomingMessage) {
  const body = await bodyOf(req);
  const context = await contextFor(deps, req);
  const { personalId, audience, fields, minutes } = issueRequest(body, context);
  const selections = fields.map((f) => SHARE_FIELDS[f]?.selection).join(' ');
  const read = await execute(
    deps,
    `query ($p: ID!) { grantees { clientId } citizen(personalId: $p) { ${selections} } }`,
    { p: personalId },
    context,
  );
  if (read.errors) throw refusedBy(read.errors);
  const data = read.data as {
    grantees: { clientId: string }[];
    citizen: Record<string, unknown> | null;
  };
  if (!data.grantees.some((g) => g.clientId === audience))
    throw new Refused(400, `"${audience}" is not a registered system`, {
      code: 'UNKNOWN_AUDIENCE',
    });
  if (data.citizen === null)
    throw new Refused(404, `no citizen has personal ID ${personalId}`, {
      code: 'SUBJECT_NOT_FOUND',
    });
  const validUntil = new Date(Date.now() + minutes * 60_000).toISOString();
  const issued = await execute(
    deps,
    ISSUE,
    { p: personalId, a: audience, f: fields, v: validUntil },
    context,
  );
  if (issued.errors) throw refusedBy(issued.errors);
  const row = (
    issued.data as { issueShareCredential: { id: string; validFrom: string; validUntil: string } }
  ).issueShareCredential;
  const citizen = data.citizen;
  const credential = await issueShareCredential(deps.signing, {
    id: row.id,
    personalId,
    audience,
    issuedAt: new Date(row.validFrom),
    expiresAt: new Date(row.validUntil),
    fields: Object.fromEntries(fields.map((f) => [f, SHARE_FIELDS[f]?.value(citizen)])),
  });
  return { audience, fields, id: row.id, expiresAt: row.validUntil, credential };
}

const PRESENT = `mutation ($p: ID!, $id: ID!, $f: [String!]!) {
  presentShareCredential(personalId: $p, id: $id, fields: $f) { id recordedAt }
}`;

/**
 * `POST /shares/present`: the audience's system presents what the citizen showed it. Signature,
 * audience and expiry are checked here, revocation and the audit record by the population
 * subgraph; the answer holds the disclosed claims only.
 */
async function present(deps: ShareDependencies, req: IncomingMessage) {
  const body = await bodyOf(req);
  const context = await contextFor(deps, req, SHARE_PURPOSE);
  const { caller } = context.identity;
  if (caller.kind !== 'third_party')
    throw new Refused(403, 'a share credential is presented by the system it was issued to', {
      code: 'FORBIDDEN',
      reason: 'THIRD_PARTY_ONLY',
    });
  const share = await verifyShareCredential(deps.signing.jwks, credentialOf(body));
  if (share.audience !== caller.clientId)
    throw new Refused(403, 'this credential was issued to another system', {
      code: 'CREDENTIAL_WRONG_AUDIENCE',
    });
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

/** `POST /shares/qr`: the citizen's credential, with only the claims named in `disclose`, as a QR code. */
async function qr(deps: ShareDependencies, req: IncomingMessage): Promise<Buffer> {
  const body = await bodyOf(req);
  const context = await contextFor(deps, req);
  if (context.identity.caller.kind !== 'citizen')
    throw new Refused(403, 'the citizen renders their own credential', {
      code: 'FORBIDDEN',
      reason: 'CITIZEN_ONLY',
    });
  const credential = credentialOf(body);
  await verifyShareCredential(deps.signing.jwks, credential);
  const { disclose } = body;
  if (disclose === undefined) return qrPng(credential);
  if (!Array.isArray(disclose) || !disclose.every((d) => typeof d === 'string'))
    throw badInput('disclose must list field names');
  return qrPng(await discloseOnly(credential, disclose));
}

const json = (res: ServerResponse, status: number, value: unknown) =>
  send(res, status, { 'content-type': 'application/json' }, JSON.stringify(value));

/** The share credential endpoints: issue, render as a QR code, present. */
export function shareRoutes(deps: ShareDependencies): Route[] {
  const guarded =
    (handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>) =>
    async (req: IncomingMessage, res: ServerResponse) => {
      try {
        await handle(req, res);
      } catch (error) {
        if (error instanceof CredentialRefused) {
          const status = error.code === 'CREDENTIAL_EXPIRED' ? 410 : 400;
          return sendError(res, status, {}, error.message, { code: error.code });
        }
        if (!(error instanceof Refused)) throw error;
        const headers: Record<string, string> = error.status === 503 ? { 'retry-after': '1' } : {};
        sendError(res, error.status, headers, error.message, error.extensions);
      }
    };
  return [
    {
      method: 'POST',
      path: '/shares',
      handle: guarded(async (req, res) => json(res, 200, await issue(deps, req))),
    },
    {
      method: 'POST',
      path: '/shares/present',
      handle: guarded(async (req, res) => json(res, 200, await present(deps, req))),
    },
    {
      method: 'POST',
      path: '/shares/qr',
      handle: guarded(async (req, res) => {
        const png = await qr(deps, req);
        res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(png);
      }),
    },
  ];
}
