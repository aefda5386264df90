import { log, safeError } from './observability/log.ts';

/**
 * Runs `stop` once on SIGTERM or SIGINT and exits 0 when it has finished (1 if it failed): the
 * process stops accepting, finishes what it is doing, and closes its pools before it goes.
 */
export function stopOnSignal(name: string, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ service: name, signal }, 'finishing requests in flight');
    stop().then(
      () => {
        log.info({ service: name }, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ service: name, err: safeError(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
