import type { IncomingMessage } from 'node:http';
import { checkPersonalId } from '../../db/domain/personalId.ts';
import { isShareField, MAX_SHARE_MINUTES, SHARE_FIELDS } from '../../kernel/shareFields.ts';
import type { GatewayContext } from '../context.ts';
import { type HolderKey, HolderKeyRefused, holderKeyOf } from './holderKey.ts';
import { issueShareCredential } from './shareCredential.ts';
import {
  badInput,
  bodyOf,
  contextFor,
  execute,
  Refused,
  refusedBy,
  type ShareDependencies,
} from './shareRequests.ts';

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
  return {
    personalId,
    audience,
    fields: [...new Set(fields as string[])],
    minutes,
    holderKey: body.holderKey,
  };
}

/** The holder's public key, when given: checked before anything is read or recorded. */
async function holderKeyIn(value: unknown): Promise<HolderKey | undefined> {
  if (value === undefined) return undefined;
  try {
    return await holderKeyOf(value);
  } catch (error) {
    if (!(error instanceof HolderKeyRefused)) throw error;
    throw new Refused(400, error.message, { code: 'INVALID_HOLDER_KEY' });
  }
}

const ISSUE = `mutation ($p: ID!, $a: String!, $f: [String!]!, $v: DateTime!) {
  issueShareCredential(personalId: $p, audience: $a, fields: $f, validUntil: $v) { id validFrom validUntil }
}`;

/**
 * `POST /shares`: the citizen's fields are read with their own rights (decided and audited like
 * any read), the credential is recorded, and the gateway signs an SD-JWT VC holding each field
 * as a selectively disclosable claim. Nothing is recorded when the read is refused.
 */
export async function issue(deps: ShareDependencies, req: IncomingMessage) {
  const body = await bodyOf(req);
  const context = await contextFor(deps, req);
  const request = issueRequest(body, context);
  const { personalId, audience, fields, minutes } = request;
  const holderKey = await holderKeyIn(request.holderKey);
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
    holderKey,
  });
  return {
    audience,
    fields,
    id: row.id,
    expiresAt: row.validUntil,
    holderBound: holderKey !== undefined,
    credential,
  };
}
