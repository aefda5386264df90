import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const CLOCK_TICKS_PER_SECOND = 100;

export interface Proc {
  name: string;
  child: ChildProcess;
  /** What the process printed after `ready `, e.g. its URL. */
  ready: string;
  stop(): Promise<void>;
}

export interface ProcOptions {
  /** A command that runs node, e.g. valgrind: it must exec node in the same process (same pid). */
  wrapper?: string[] | undefined;
  /** How long to wait for `ready`; default 120 s. */
  startSeconds?: number | undefined;
}

/**
 * Starts `node <args>` (pinned to `cpus` with taskset when given) and waits for the line
 * `ready <detail>`. The pid is the node process itself, so /proc readings are its own.
 */
export async function startProc(
  name: string,
  args: string[],
  env: Record<string, string>,
  cpus?: string,
  options: ProcOptions = {},
): Promise<Proc> {
  const node = [...(options.wrapper ?? []), process.execPath, ...args];
  const [command, ...argv] = cpus ? ['taskset', '-c', cpus, ...node] : node;
  const startSeconds = options.startSeconds ?? 120;
  const child = spawn(command as string, argv, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const ready = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start in ${startSeconds} s:\n${stderr.join('')}`)),
      startSeconds * 1000,
    );
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (raw) => {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colours
      const line = raw.replace(/\u001b\[[0-9;]*m/g, '');
      const match = /^ready (.*)$/.exec(line) ?? /(http:\/\/[^\s"]+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`${name} exited with ${code}:\n${stderr.join('')}`)),
    );
  });
  return {
    name,
    child,
    ready,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

export interface ProcStats {
  cpuSeconds: number;
  peakRssMb: number;
}

/** CPU time used so far and peak resident memory (VmHWM), from /proc. */
export function procStats(pid: number): ProcStats {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND, peakRssMb: hwm / 1024 };
}

/** Busy and total jiffies of the whole machine, from /proc/stat: how saturated the box was. */
export function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] as string;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .split(/\s+/)
    .slice(1)
    .map(Number) as number[];
  const busy =
    (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  return { busy, total: busy + (idle ?? 0) + (iowait ?? 0) };
}

/** Jiffies as seconds of CPU. */
export const tickSeconds = (ticks: number) => ticks / CLOCK_TICKS_PER_SECOND;
