/** A JSON answer from one of the gateway's own routes (`/shares`, `/forms/…`). */
export interface Answer {
  status: number;
  body: Record<string, unknown> & { errors?: { extensions: Record<string, unknown> }[] };
}

/** POSTs `body` as JSON to `url` with a bearer token; the answer's status and parsed body. */
export async function postJson(url: string, token: string, body: unknown): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/** The code of an answer's first error. */
export const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions.code;
