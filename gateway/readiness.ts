import { type ReadinessCheck, within } from '../kernel/health.ts';

/**
 * The gateway is ready when every subgraph it routes to answers its liveness probe; it listens
 * only once the supergraph is loaded, so that needs no check of its own.
 */
export function subgraphsReachable(subgraphUrls: Partial<Record<string, string>>): ReadinessCheck {
  const probes = Object.entries(subgraphUrls).flatMap(([name, url]) =>
    url ? [{ name, live: new URL('/health/live', url).toString() }] : [],
  );
  return async () =>
    (
      await Promise.all(
        probes.map(({ name, live }) =>
          within(
            name,
            fetch(live).then(async (response) => {
              await response.body?.cancel();
              if (!response.ok) throw new Error(`HTTP ${response.status}`);
            }),
          ),
        ),
      )
    ).flat();
}
