import { startGuildSubgraphs } from './subgraphs.ts';

const DEFAULT_BASE_PORT = 4201;

function basePort(): number {
  const raw = process.env.GUILD_BASE_PORT;
  if (raw === undefined || raw === '') return DEFAULT_BASE_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65532) {
    throw new Error(`GUILD_BASE_PORT must be a port number (0 for ephemeral), got "${raw}"`);
  }
  return port;
}

const subgraphs = await startGuildSubgraphs(basePort());
// The harness (bench/procs.ts) waits for this line and reads the URLs from it.
console.log(`ready ${JSON.stringify(subgraphs.urls)}`);

const shutdown = async () => {
  await subgraphs.stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
