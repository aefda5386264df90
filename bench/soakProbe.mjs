// Preloaded into each process under soak (NODE_OPTIONS=--import): every SOAK_PROBE_SECONDS it
// appends one JSON line to SOAK_PROBE_FILE with its heap and event-loop delay. Plain JavaScript
// so that it loads into the compiled processes unchanged.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.SOAK_PROBE_FILE;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const every = Number(process.env.SOAK_PROBE_SECONDS || 10) * 1000;
  setInterval(() => {
    const memory = process.memoryUsage();
    const line = {
      pid: process.pid,
      at: Date.now(),
      rssMb: memory.rss / 2 ** 20,
      heapUsedMb: memory.heapUsed / 2 ** 20,
      loopDelayP99Ms: delay.percentile(99) / 1e6,
      loopDelayMaxMs: delay.max / 1e6,
    };
    delay.reset();
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, every).unref();
}
