// Which residence a citizen's permanentResidence and temporaryResidence show
// (subgraphs/population/currentResidence.ts): the latest registered of those in force today.
import { describe, expect, it } from 'vitest';
import { currentResidence } from '../../subgraphs/population/currentResidence.ts';

const residence = (id: string, kind: string, registeredOn: string, endedOn: string | null) => ({
  id,
  kind,
  registeredOn,
  endedOn,
});

describe('currentResidence', () => {
  const today = '2026-12-08';

  it('shows the latest registered of the kind asked for', () => {
    const rows = [
      residence('old', 'PERMANENT', '2001-05-01', null),
      residence('temp', 'TEMPORARY', '2025-01-01', null),
      residence('new', 'PERMANENT', '2019-03-02', null),
      residence('mid', 'PERMANENT', '2010-07-07', null),
    ];
    expect(currentResidence(rows, 'PERMANENT', today)?.id).toBe('new');
    expect(currentResidence(rows, 'TEMPORARY', today)?.id).toBe('temp');
  });

  it('leaves out residences ended before today, keeps one ending today or later', () => {
    const rows = [
      residence('ended', 'TEMPORARY', '2026-01-01', '2026-12-07'),
      residence('endsToday', 'TEMPORARY', '2020-01-01', '2026-12-08'),
      residence('older', 'TEMPORARY', '2019-01-01', '2030-01-01'),
    ];
    expect(currentResidence(rows, 'TEMPORARY', today)?.id).toBe('endsToday');
    expect(currentResidence(rows.slice(0, 1), 'TEMPORARY', today)).toBeNull();
  });

  it('keeps the first listed of residences registered the same day, and answers null for none', () => {
    const rows = [
      residence('first', 'PERMANENT', '2015-01-01', null),
      residence('second', 'PERMANENT', '2015-01-01', null),
    ];
    expect(currentResidence(rows, 'PERMANENT', today)?.id).toBe('first');
    expect(currentResidence([], 'PERMANENT', today)).toBeNull();
  });
});
