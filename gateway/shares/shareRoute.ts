import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Route, send, sendError } from '../../kernel/http.ts';
import { issue } from './issueShare.ts';
import { nonce, present } from './presentShare.ts';
import { qrPng } from './qrPng.ts';
import { CredentialRefused, discloseOnly, verifyShareCredential } from './shareCredential.ts';
import {
  badInput,
  bodyOf,
  contextFor,
  credentialOf,
  Refused,
  type ShareDependencies,
} from './shareRequests.ts';

/** `POST /shares/qr`: the citizen's credential, with only the claims named in `disclose`, as a QR code. */
async function qr(deps: ShareDependencies, req: IncomingMessage): Promise<Buffer> {
  const body = await bodyOf(req);
  const context = await contextFor(deps, req);
  if (context.identity.caller.kind !== 'citizen')
    throw new Refused(403, 'the citizen renders their own credential', {
      code: 'FORBIDDEN',
      reason: 'CITIZEN_ONLY',
    });
  const credential = credentialOf(body);
  await verifyShareCredential(deps.signing.jwks, credential);
  const { disclose } = body;
  if (disclose === undefined) return qrPng(credential);
  if (!Array.isArray(disclose) || !disclose.every((d) => typeof d === 'string'))
    throw badInput('disclose must list field names');
  return qrPng(await discloseOnly(credential, disclose));
}

const REFUSAL_STATUS: Partial<Record<CredentialRefused['code'], number>> = {
  CREDENTIAL_EXPIRED: 410,
  KEY_BINDING_WRONG_AUDIENCE: 403,
};

const json = (res: ServerResponse, status: number, value: unknown) =>
  send(res, status, { 'content-type': 'application/json' }, JSON.stringify(value));

/** The share credential endpoints: issue, render as a QR code, present. */
export function shareRoutes(deps: ShareDependencies): Route[] {
  const guarded =
    (handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>) =>
    async (req: IncomingMessage, res: ServerResponse) => {
      try {
        await handle(req, res);
      } catch (error) {
        if (error instanceof CredentialRefused) {
          const status = REFUSAL_STATUS[error.code] ?? 400;
          return sendError(res, status, {}, error.message, { code: error.code });
        }
        if (!(error instanceof Refused)) throw error;
        const headers: Record<string, string> = error.status === 503 ? { 'retry-after': '1' } : {};
        sendError(res, error.status, headers, error.message, error.extensions);
      }
    };
  return [
    {
      method: 'POST',
      path: '/shares',
      handle: guarded(async (req, res) => json(res, 200, await issue(deps, req))),
    },
    {
      method: 'POST',
      path: '/shares/present',
      handle: guarded(async (req, res) => json(res, 200, await present(deps, req))),
    },
    {
      method: 'POST',
      path: '/shares/nonce',
      handle: guarded(async (req, res) => json(res, 200, await nonce(deps, req))),
    },
    {
      method: 'POST',
      path: '/shares/qr',
      handle: guarded(async (req, res) => {
        const png = await qr(deps, req);
        res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(png);
      }),
    },
  ];
}
