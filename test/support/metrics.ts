import { registry } from '../../kernel/observability/metrics.ts';

/** The value of one Prometheus sample in an exposition text, 0 when absent. */
export const sampleValue = (text: string, name: string, labels: Record<string, string>) => {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split('\n')
    .find(
      (l) =>
        (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) &&
        wanted.every((w) => l.includes(w)),
    );
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
};

/** The same sample read from this process's registry (servers started in-process by the test). */
export const metricValue = async (name: string, labels: Record<string, string>) =>
  sampleValue(await registry.metrics(), name, labels);
