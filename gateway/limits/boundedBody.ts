import type { Dispatcher } from 'undici';
import { codedError } from '../../kernel/errors.ts';

/**
 * A subgraph's answer as text, read up to `maxBytes` and no further: a larger one is dropped
 * (its connection closed) and the fetch fails with SUBGRAPH_RESPONSE_TOO_LARGE, so a subgraph
 * that answers without end cannot fill the gateway's memory.
 */
export async function readBoundedBody(
  response: Dispatcher.ResponseData,
  maxBytes: number,
  serviceName: string,
): Promise<string> {
  const tooLarge = () => {
    response.body.destroy();
    return codedError(
      'SUBGRAPH_RESPONSE_TOO_LARGE',
      `the ${serviceName} subgraph's answer is larger than ${maxBytes} bytes`,
      { serviceName },
    );
  };
  const declared = Number(response.headers['content-length']);
  if (declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}
