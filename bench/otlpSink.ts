import { createServer, type Server } from 'node:http';
import { benchPort } from './ports.ts';

export const OTLP_SINK_PORT = benchPort(4399);

let sink: Server | undefined;

/**
 * An OTLP/HTTP endpoint (protobuf or JSON) that reads every export and answers 200, as a collector
 * would: with nothing listening, the exporter's failed sends and retries would be counted as
 * tracing's cost. It runs in the harness's process, never in the one being measured, and does not
 * keep the harness alive.
 */
export async function ensureOtlpSink(): Promise<void> {
  if (sink) return;
  sink = createServer((req, res) => {
    req.resume();
    // An empty ExportTraceServiceResponse, in the encoding it was sent in.
    const json = req.headers['content-type'] === 'application/json';
    req.on('end', () =>
      res
        .writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' })
        .end(json ? '{}' : ''),
    );
  });
  await new Promise<void>((resolve, reject) => {
    sink?.once('error', reject);
    sink?.listen(OTLP_SINK_PORT, '127.0.0.1', () => resolve());
  });
  sink.unref();
}
