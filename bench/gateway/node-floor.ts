// The floor any Node reverse proxy pays: node:http server → one undici Pool → the backend,
// through `dispatch` with a handler that writes into the caller's response, as the gateway's
// UpstreamExchange does. No routing, no auth, no metrics, no deadline, no retries: what is left
// is Node's HTTP parser and writer on both sides, undici, and the event loop. The gateway's
// CPU per request minus this one's is what the gateway itself adds.
//   BENCH_FLOOR_PORT=0 BENCH_FLOOR_UPSTREAM=http://127.0.0.1:PORT \
//     node scripts/run-ts.js bench/gateway/node-floor.ts
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool, type Dispatcher } from 'undici';

// Hop-by-hop headers cannot cross (undici refuses most of them anyway): the one piece of HTTP
// correctness no proxy can skip, so the floor pays it too.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'content-length',
]);

// The gateway's pool options (upstream-pools.ts), so that only the gateway's own work differs.
const pool = new Pool(process.env.BENCH_FLOOR_UPSTREAM!, {
  connections: null,
  pipelining: 1,
  headersTimeout: 0,
  bodyTimeout: 0,
  keepAliveTimeout: 4000,
});

class Exchange implements Dispatcher.DispatchHandler {
  constructor(private readonly res: ServerResponse) {}

  // Its presence tells undici this is a handler of the current API (as the gateway's is).
  onRequestStart(): void {}

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    const list: string[] = [];
    for (const name in headers) {
      if (name !== 'connection' && name !== 'keep-alive' && name !== 'transfer-encoding') {
        const value = headers[name]!;
        if (typeof value === 'string') list.push(name, value);
        else for (const v of value) list.push(name, v);
      }
    }
    this.res.writeHead(statusCode, list);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.res.write(chunk)) {
      controller.pause();
      this.res.once('drain', () => controller.resume());
    }
  }

  onResponseEnd(): void {
    this.res.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.res.headersSent) this.res.destroy(error);
    else this.res.writeHead(502).end();
  }
}

const server = createServer((req, res) => {
  const raw = req.rawHeaders;
  const headers: string[] = [];
  for (let i = 0; i < raw.length; i += 2)
    if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) headers.push(raw[i]!, raw[i + 1]!);
  const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'];
  pool.dispatch(
    { method: req.method!, path: req.url!, headers, body: hasBody ? req : null },
    new Exchange(res),
  );
});
server.listen(Number(process.env.BENCH_FLOOR_PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ msg: 'listening', port }));
});
// An exit rather than death by signal: `--cpu-prof` (profile.ts --floor) writes at exit.
process.on('SIGTERM', () => process.exit(0));
