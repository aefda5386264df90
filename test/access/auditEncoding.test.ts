// The audit writer's shortcuts give the same text as the general functions they replace: the
// record's time as toISOString gives it, and each canonical field's length in UTF-8 bytes.
import { describe, expect, it } from 'vitest';
import { type ChainedRecord, canonical } from '../../db/audit/canonical.ts';
import { isoTime } from '../../subgraphs/shared/access/auditChain.ts';

const record = (overrides: Partial<ChainedRecord>): ChainedRecord => ({
  chain: 'population',
  seq: '7',
  id: '0193a9e6-1234-7abc-8def-0123456789ab',
  atMicros: '1733640000123000',
  requestId: 'req-1',
  subgraph: 'population',
  callerKind: 'agency',
  callerId: 'bench-agency',
  actor: null,
  subject: '001234567890',
  scopes: ['identity', 'residence'],
  purpose: 'benchmark',
  consentId: null,
  decision: 'ALLOW',
  reason: null,
  prevHash: Buffer.alloc(32),
  hash: Buffer.alloc(0),
  ...overrides,
});

describe('the audit time', () => {
  it('is toISOString’s text, within a second and across seconds, days and years', () => {
    const starts = [
      Date.UTC(2026, 11, 7, 23, 59, 59),
      Date.UTC(2024, 1, 29),
      Date.UTC(1999, 11, 31, 23, 59, 58),
    ];
    for (const start of starts) {
      for (let now = start; now < start + 2_500; now += 7) {
        expect(isoTime(now)).toBe(new Date(now).toISOString());
      }
    }
    // Back in time too: a clock stepped backwards must not keep a later second's date.
    expect(isoTime(Date.UTC(2030, 0, 1, 0, 0, 0, 5))).toBe('2030-01-01T00:00:00.005Z');
    expect(isoTime(Date.UTC(2020, 5, 15, 12, 30, 45, 999))).toBe('2020-06-15T12:30:45.999Z');
  });
});

describe('the canonical encoding', () => {
  it('gives each field its length in UTF-8 bytes, not in characters', () => {
    const ascii = canonical(record({ callerId: 'bench-agency' }));
    expect(ascii).toContain('12:bench-agency');
    const vietnamese = 'Nguyễn Văn A';
    const other = canonical(record({ actor: vietnamese, callerId: 'Sở Y tế' }));
    expect(other).toContain(`${Buffer.byteLength(vietnamese, 'utf8')}:${vietnamese}`);
    expect(other).toContain(`${Buffer.byteLength('Sở Y tế', 'utf8')}:Sở Y tế`);
    expect(Buffer.byteLength(vietnamese, 'utf8')).not.toBe(vietnamese.length);
  });
});
