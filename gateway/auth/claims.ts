import type { JWTPayload } from 'jose';
import { checkPersonalId } from '../../db/domain/personalId.ts';
import type { Caller } from '../../kernel/access/caller.ts';
import { type AgencyScope, isAgencyScope } from '../../kernel/access/scopes.ts';

/** The claim naming the kind of caller; an `act` claim makes a citizen token an on-behalf one. */
export const KIND_CLAIM = 'cg_kind';
export const LEVEL_CLAIM = 'eid_level';

export class InvalidClaims extends Error {}

const personalIdOf = (payload: JWTPayload): string => {
  const sub = String(payload.sub ?? '');
  const check = checkPersonalId(sub);
  if (!check.ok) throw new InvalidClaims(`sub must be the citizen's personal ID: ${check.problem}`);
  return sub;
};

const levelOf = (payload: JWTPayload): 1 | 2 => {
  const level = payload[LEVEL_CLAIM];
  if (level !== 1 && level !== 2) throw new InvalidClaims(`${LEVEL_CLAIM} must be 1 or 2`);
  return level;
};

const clientIdOf = (payload: JWTPayload): string => {
  const id = payload.client_id ?? payload.sub;
  if (typeof id !== 'string' || id === '')
    throw new InvalidClaims('client_id (or sub) is required');
  return id;
};

function scopesOf(payload: JWTPayload): AgencyScope[] {
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  const unknown = scopes.filter((s) => !isAgencyScope(s));
  if (unknown.length > 0) throw new InvalidClaims(`unknown scope ${unknown.join(', ')}`);
  return scopes as AgencyScope[];
}

/** Turns a verified token's claims into a caller, or says precisely what is missing. */
export function callerFromClaims(payload: JWTPayload): Caller {
  const kind = payload[KIND_CLAIM];
  const act = payload.act as { sub?: unknown } | undefined;
  switch (kind) {
    case 'citizen':
      if (act !== undefined) {
        if (typeof act.sub !== 'string' || act.sub === '')
          throw new InvalidClaims('act.sub must name the acting system');
        return {
          kind: 'one_stop_shop',
          clientId: act.sub,
          personalId: personalIdOf(payload),
          level: levelOf(payload),
        };
      }
      return { kind: 'citizen', personalId: personalIdOf(payload), level: levelOf(payload) };
    case 'agency':
      return { kind: 'agency', clientId: clientIdOf(payload), scopes: scopesOf(payload) };
    case 'third_party':
    case 'analyst':
    case 'auditor':
      return { kind, clientId: clientIdOf(payload) };
    default:
      throw new InvalidClaims(
        `${KIND_CLAIM} must be citizen, agency, third_party, analyst or auditor`,
      );
  }
}
