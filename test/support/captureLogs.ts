// Every test file runs with the log captured at debug level; after the file, every captured line
// is scanned for the test population's personal IDs, names and addresses and for tokens.
import { afterAll, expect } from 'vitest';
import { logTo } from '../../kernel/observability/log.ts';
import { findPersonalData, seededPersonalData } from './personalData.ts';

export const capturedLogLines: string[] = [];
logTo({ write: (line: string) => void capturedLogLines.push(line) }, 'debug');

afterAll(() => {
  const found = findPersonalData(capturedLogLines, seededPersonalData());
  expect(found, 'log lines holding personal data or a token').toEqual([]);
});
