/**
 * At most `max` requests executing at once, and at most `maxQueued` waiting for a turn. A gateway
 * that is busy on its CPU answers no faster with more requests in flight, but holds every one's
 * subgraph results in memory at once; past the queue, requests are shed instead of piling up.
 */
export class InFlightLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly max: number,
    readonly maxQueued: number,
  ) {}

  /** true once the request may run; false when the queue is full and it must be refused. */
  acquire(): boolean | Promise<boolean> {
    if (this.running < this.max) {
      this.running++;
      return true;
    }
    if (this.waiting.length >= this.maxQueued) return false;
    return new Promise((resolve) => this.waiting.push(() => resolve(true)));
  }

  /** Hands the slot to the next waiting request, if any. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }
}
