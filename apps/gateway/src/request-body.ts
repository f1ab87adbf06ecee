import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';

export type RequestBody =
  | { kind: 'none' }
  /** Held in memory: can be sent again to another replica. */
  | { kind: 'buffered'; data: Buffer }
  /** Passed through as it arrives: one attempt only. `length` when the caller declared it. */
  | { kind: 'streamed'; stream: Readable; length: string | undefined };

const NONE: RequestBody = { kind: 'none' };

/**
 * Takes the request body in hand before a replica is chosen:
 * - no body (no Content-Length, or 0, and no Transfer-Encoding): nothing to read;
 * - a declared length up to `limit` bytes: read whole into memory, so a failed attempt can be
 *   retried with the same bytes (and a slow uploader never holds a replica slot);
 * - chunked, or larger: streamed, through a PassThrough of our own, because undici destroys
 *   the body it was given when an attempt fails and destroying the caller's request would
 *   close the caller's connection before we could answer 502.
 * Resolves null when the caller went away mid-body.
 */
export function readRequestBody(
  req: IncomingMessage,
  limit: number,
): RequestBody | Promise<RequestBody | null> {
  const length = req.headers['content-length'];
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (!chunked && (length === undefined || length === '0')) return NONE;
  if (!chunked && Number(length) <= limit) {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.once('end', () => resolve({ kind: 'buffered', data: Buffer.concat(chunks) }));
      req.once('error', () => resolve(null));
      req.once('close', () => {
        if (!req.complete) resolve(null);
      });
    });
  }
  const stream = new PassThrough();
  req.pipe(stream);
  return { kind: 'streamed', stream, length: chunked ? undefined : length };
}
