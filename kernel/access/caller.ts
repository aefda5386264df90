import type { AccountLevel, AgencyScope } from './scopes.ts';

/** Who is asking, as the gateway verified it. */
export type Caller =
  /** A citizen signed in with VNeID: `personalId` is their own. */
  | { kind: 'citizen'; personalId: string; level: AccountLevel }
  /** An agency's system with a mandate over some scopes. */
  | { kind: 'agency'; clientId: string; scopes: AgencyScope[] }
  /** The one-stop-shop acting for a signed-in citizen (token exchange `act`). */
  | { kind: 'one_stop_shop'; clientId: string; personalId: string; level: AccountLevel }
  /** A bank, e-wallet, hospital…: only what citizens consented to. */
  | { kind: 'third_party'; clientId: string }
  | { kind: 'analyst'; clientId: string }
  | { kind: 'auditor'; clientId: string };

export type CallerKind = Caller['kind'];

/** What the gateway tells every subgraph about a request. */
export interface RequestIdentity {
  caller: Caller;
  /** The purpose the caller declared for this request, if any. */
  purpose: string | null;
  requestId: string;
}

export function callerId(caller: Caller): string {
  return caller.kind === 'citizen' ? caller.personalId : caller.clientId;
}

/** The citizen a one-stop-shop acts for; null for callers acting for themselves. */
export function callerActor(caller: Caller): string | null {
  return caller.kind === 'one_stop_shop' ? caller.personalId : null;
}
