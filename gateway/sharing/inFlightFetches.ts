/**
 * Upstream calls in flight, by key: an identical call made while one is in flight joins it instead
 * of being sent, and gets its answer or its error. An entry is forgotten as soon as its call
 * settles, so nothing is ever served from memory after the fact. At most `max` entries: past that,
 * calls are sent unshared rather than held.
 */
export class InFlightFetches<T> {
  private readonly calls = new Map<string, Promise<T>>();

  constructor(private readonly max: number) {}

  /** The call's answer, and whether it joined one already in flight. */
  run(key: string, call: () => Promise<T>): { answer: Promise<T>; joined: boolean } {
    const known = this.calls.get(key);
    if (known) return { answer: known, joined: true };
    const answer = call();
    if (this.calls.size < this.max) {
      this.calls.set(key, answer);
      const forget = () => {
        if (this.calls.get(key) === answer) this.calls.delete(key);
      };
      answer.then(forget, forget);
    }
    return { answer, joined: false };
  }

  /** Calls in flight that others may still join. */
  get size(): number {
    return this.calls.size;
  }
}
