// What reaches the log of an unexpected error, and how SQL spans are named.
import { describe, expect, it } from 'vitest';
import { safeError } from '../../kernel/observability/log.ts';
import { spanName } from '../../kernel/observability/sqlSpans.ts';

describe('safeError', () => {
  it("keeps a driver error's class, code and frames but not its message, which holds values", () => {
    const error = Object.assign(
      new Error('duplicate key value violates unique constraint: Key (personal_id)=(086175128486)'),
      { code: '23505', constraint: 'citizens_pkey' },
    );
    const logged = safeError(new Error('wrapped', { cause: error }));
    expect(JSON.stringify(logged)).not.toContain('086175128486');
    expect(logged).toMatchObject({
      type: 'Error',
      cause: { type: 'Error', code: '23505', constraint: 'citizens_pkey' },
    });
    expect(String(logged.stack)).toMatch(/^ {4}at /);
  });
});

describe('spanName', () => {
  it('names a statement by its verb and first table, or by its leading comment', () => {
    expect(spanName('select "personal_id" from "population"."citizens" where x = any($1)')).toBe(
      'SELECT population.citizens',
    );
    expect(spanName('/* audit */ insert into access.audit_log (a) select 1')).toBe('INSERT audit');
  });
});
