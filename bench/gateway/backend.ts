// The replica every bench target ends at: the smallest useful Node HTTP server (a fixed JSON
// body with its length), in its own process so it has its own event loop.
//   BENCH_BACKEND_PORT=0 node scripts/run-ts.js bench/gateway/backend.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = JSON.stringify({ ok: true, service: 'bench', note: 'a small JSON answer' });
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.BENCH_BACKEND_PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ msg: 'listening', port }));
});
