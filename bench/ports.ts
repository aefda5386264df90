/**
 * The harness's fixed ports, moved by BENCH_PORT_OFFSET: two runs on one machine (an instruction
 * count beside a timed run, whose figures it does not disturb much) then do not collide.
 */
const OFFSET = Number(process.env.BENCH_PORT_OFFSET ?? 0);
if (!Number.isInteger(OFFSET) || OFFSET < 0 || OFFSET > 50_000)
  throw new Error(
    `BENCH_PORT_OFFSET must be an integer from 0 to 50000, not ${process.env.BENCH_PORT_OFFSET}`,
  );

export const benchPort = (port: number) => port + OFFSET;
