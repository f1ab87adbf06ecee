/**
 * A TCP proxy in front of the API that lets the first deploy request through and then drops
 * the connection instead of relaying the answer: the server did the work, the client saw a
 * network error. What a flaky network or a load balancer restart does to a CI job.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface DroppingProxy {
  url: string;
  /** How many answers were dropped (at most one). */
  dropped(): number;
  close(): Promise<void>;
}

export async function dropFirstDeployResponse(upstreamPort: number): Promise<DroppingProxy> {
  let dropped = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let carriesDeploy = false;
    client.on('data', (chunk: Buffer) => {
      if (/^POST \S+\/deploy /m.test(chunk.toString('latin1'))) carriesDeploy = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (carriesDeploy && dropped === 0) {
        dropped++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      a.on('end', () => b.end());
      a.on('error', () => b.destroy());
      a.on('close', () => sockets.delete(a));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dropped: () => dropped,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
