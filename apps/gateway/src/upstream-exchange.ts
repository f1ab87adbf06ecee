import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { Lease } from './replica-balancer';
import type { PoolHandle, UpstreamPools } from './upstream-pools';

/**
 * One attempt on one replica, as an undici dispatch handler that writes straight into the
 * caller's response: no intermediate stream, backpressure through pause/resume, each chunk
 * written as it arrives (SSE and chunked responses are never buffered).
 *
 * `prepareHeaders` runs when the replica's response headers arrive (from then on nothing is
 * retried); `onFailed` when the attempt failed before that, with whether the request had
 * started to be written (`connected`) — what the retry policy needs. The lease and the pool's
 * in-flight count are released when undici is done with the request, whatever happened.
 */
export class UpstreamExchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | null = null;
  private abortReason: Error | null = null;
  private connected = false;
  private responded = false;
  private completed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly lease: Lease,
    private readonly pools: UpstreamPools,
    private readonly pool: PoolHandle,
    /** Turns the replica's headers into the caller's (hop-by-hop removed, ours added). */
    private readonly prepareHeaders: (headers: IncomingHttpHeaders) => {
      list: string[];
      hasLength: boolean;
    },
    private readonly onFailed: (error: Error, connected: boolean, lease: Lease) => void,
  ) {}

  /** Stops the attempt (caller gone, deadline); undici then reports an error and we complete. */
  abort(reason: Error): void {
    if (this.completed || this.abortReason) return;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abortReason) controller.abort(this.abortReason);
    else this.connected = true;
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    if (statusCode < 200 || this.abortReason) return; // 1xx: informational, not forwarded
    this.responded = true;
    const { list, hasLength } = this.prepareHeaders(headers);
    if (statusMessage) this.res.writeHead(statusCode, statusMessage, list);
    else this.res.writeHead(statusCode, list);
    // A response of unknown length is a stream (SSE, chunked): send the headers now rather
    // than with the first chunk, which may be minutes away.
    if (!hasLength) this.res.flushHeaders();
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.res.write(chunk)) {
      controller.pause();
      this.res.once('drain', () => controller.resume());
    }
  }

  onResponseEnd(): void {
    this.res.end();
    this.complete();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    // The slot is freed first, so a retry sees this replica's true load. After the headers the
    // caller has part of an answer: cut its connection so it cannot take a truncated body for a
    // whole one.
    this.complete();
    if (this.responded) this.res.destroy(error);
    else this.onFailed(error, this.connected, this.lease);
  }

  private complete(): void {
    if (this.completed) return;
    this.completed = true;
    this.lease.release();
    this.pools.end(this.pool);
  }
}
