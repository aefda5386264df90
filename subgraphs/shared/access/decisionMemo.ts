import type { Decision, Requirement } from '../../../kernel/access/decide.ts';

/** One subject's decision for one requirement: known at once, or once its facts are loaded. */
export interface MemoEntry {
  decision?: Decision;
  pending?: Promise<Decision>;
}

/**
 * A request's decisions by scope, level and subject, so each is made (and audited) once. Fields
 * look their decision up once per field per citizen (2,000 times for 100 citizens' identity):
 * nested maps keyed by strings that already exist cost no allocation, where a composite string key
 * was built, hashed and collected on every lookup.
 */
export class DecisionMemo {
  private readonly byScope = new Map<string, Map<number, Map<string | null, MemoEntry>>>();

  get(subject: string | null, requirement: Requirement): MemoEntry | undefined {
    return this.byScope.get(requirement.scope)?.get(requirement.level)?.get(subject);
  }

  add(subject: string | null, requirement: Requirement, entry: MemoEntry): void {
    let byLevel = this.byScope.get(requirement.scope);
    if (!byLevel) {
      byLevel = new Map();
      this.byScope.set(requirement.scope, byLevel);
    }
    let bySubject = byLevel.get(requirement.level);
    if (!bySubject) {
      bySubject = new Map();
      byLevel.set(requirement.level, bySubject);
    }
    bySubject.set(subject, entry);
  }
}
