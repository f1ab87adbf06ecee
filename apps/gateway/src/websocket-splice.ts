import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** Largest non-101 answer body relayed to an upgrade request (error pages are small). */
const RELAY_BODY_LIMIT = 1024 * 1024;
const NOT_RELAYED = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'upgrade',
]);

/** `name: value` lines from a message Node's parser already parsed (rawHeaders). */
function headerLines(rawHeaders: string[], skip?: Set<string>): string {
  let lines = '';
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (skip?.has(rawHeaders[i]!.toLowerCase())) continue;
    lines += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
  }
  return lines;
}

/**
 * After the replica's 101: tell the caller (status line and the replica's own headers, which
 * carry Sec-WebSocket-Accept), then splice the two sockets. Bytes either side sent early
 * (`head`s) go first. When either side closes, both are closed and `onClose` runs once.
 */
export function spliceUpgraded(
  upstreamResponse: IncomingMessage,
  client: Duplex,
  clientHead: Buffer,
  upstream: Duplex,
  upstreamHead: Buffer,
  onClose: () => void,
): void {
  const status = `HTTP/1.1 101 ${upstreamResponse.statusMessage || 'Switching Protocols'}\r\n`;
  client.write(`${status}${headerLines(upstreamResponse.rawHeaders)}\r\n`);
  if (upstreamHead.length > 0) client.write(upstreamHead);
  if (clientHead.length > 0) upstream.write(clientHead);
  for (const socket of [client, upstream] as Socket[]) {
    socket.setNoDelay?.(true);
    socket.setTimeout?.(0);
  }
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    client.destroy();
    upstream.destroy();
    onClose();
  };
  for (const socket of [client, upstream]) {
    socket.once('close', close);
    socket.once('error', close);
  }
  upstream.pipe(client);
  client.pipe(upstream);
}

/**
 * The replica refused the upgrade with an ordinary response (401, 404, …): relay it to the
 * caller as a complete response with its own length, then close (the caller's connection is
 * in no state for another request). `onDone` runs once the replica's response is over.
 */
export function relayNonUpgradeResponse(
  response: IncomingMessage,
  client: Duplex,
  onDone: () => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  response.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= RELAY_BODY_LIMIT) chunks.push(chunk);
  });
  response.once('end', () => {
    onDone();
    const body = Buffer.concat(chunks);
    const status = `HTTP/1.1 ${response.statusCode} ${response.statusMessage ?? ''}\r\n`;
    const head = `${status}${headerLines(response.rawHeaders, NOT_RELAYED)}content-length: ${body.length}\r\nconnection: close\r\n\r\n`;
    if (client.writable) client.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
    else client.destroy();
  });
  response.once('error', () => {
    onDone();
    client.destroy();
  });
}
