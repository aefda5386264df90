import { createHash } from 'node:crypto';

/** An audit record as the verifier reads it back (seq and time as exact decimal strings). */
export interface ChainedRecord {
  chain: string;
  seq: string;
  id: string;
  /** Microseconds since the Unix epoch. */
  atMicros: string;
  requestId: string;
  subgraph: string;
  callerKind: string;
  callerId: string;
  actor: string | null;
  subject: string | null;
  scopes: string[];
  purpose: string | null;
  consentId: string | null;
  decision: string;
  reason: string | null;
  prevHash: Buffer;
  hash: Buffer;
}

/** The first record of a chain follows this. */
export const GENESIS_HASH = Buffer.alloc(32);

/**
 * A string's UTF-8 length. The fields are mostly ASCII (ids, codes, names of scopes), whose UTF-8
 * length is their length; `Buffer.byteLength` is a call into C++ for each of a record's 15 fields.
 */
function utf8Length(value: string): number {
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 0x7f) return Buffer.byteLength(value, 'utf8');
  }
  return value.length;
}

const field = (value: string | null) => (value === null ? '~' : `${utf8Length(value)}:${value}`);

/**
 * The encoding `access.audit_canonical` (migration 0005) hashes, written again independently so
 * that the verifier does not take the database's word for it: each field as "<bytes>:<value>" or
 * "~" for null, in a fixed order behind a version tag.
 */
export function canonical(r: ChainedRecord): string {
  return `cg-audit-v1${[
    r.chain,
    r.seq,
    r.id,
    r.atMicros,
    r.requestId,
    r.subgraph,
    r.callerKind,
    r.callerId,
    r.actor,
    r.subject,
    JSON.stringify(r.scopes),
    r.purpose,
    r.consentId,
    r.decision,
    r.reason,
  ]
    .map(field)
    .join('')}`;
}

/** sha256(predecessor's hash || canonical encoding). */
export function chainHash(prevHash: Buffer, record: ChainedRecord): Buffer {
  return createHash('sha256').update(prevHash).update(canonical(record), 'utf8').digest();
}
