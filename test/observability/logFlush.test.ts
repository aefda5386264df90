// The process log is written to stdout in blocks: the lines still buffered when the process exits
// are written all the same.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const LINES = 50;

const LOG_MODULE = new URL('../../kernel/observability/log.ts', import.meta.url).href;

// More lines than one block holds, the last of them still buffered at an immediate exit.
const SCRIPT = `
import { log } from '${LOG_MODULE}';
for (let i = 0; i < ${LINES}; i++) log.debug({ line: i }, 'buffered');
process.exit(0);
`;

function run(): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', SCRIPT],
      {
        env: { ...process.env, LOG_LEVEL: 'debug' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout }));
  });
}

describe('the process log', () => {
  it('writes every line logged before the process exits', async () => {
    const { code, stdout } = await run();
    expect(code).toBe(0);
    const lines = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { line: number; msg: string });
    expect(lines.map((l) => l.line)).toEqual(Array.from({ length: LINES }, (_, i) => i));
    expect(new Set(lines.map((l) => l.msg))).toEqual(new Set(['buffered']));
  });
});
