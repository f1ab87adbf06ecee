import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A replica stand-in: a real HTTP server on a loopback port. It answers JSON naming itself,
 * and offers the behaviours the tests need: slow answers, held answers (released by the test),
 * SSE streams, echo, a connection reset before any answer, and WebSocket echo on /ws.
 */
export class Backend {
  readonly seen: SeenRequest[] = [];
  readonly sockets = new Set<Socket>();
  /** Requests being answered right now. */
  inFlight = 0;
  private held: (() => void)[] = [];
  private closing: Promise<void> | null = null;

  private constructor(
    readonly name: string,
    private readonly server: Server,
    readonly port: number,
    private readonly wss: WebSocketServer,
    /** Every plain answer waits this long (a slow replica). */
    private readonly delayMs: number,
    /** Resets every connection once a request arrived (a replica crashing mid-request). */
    private readonly resetAll: boolean,
  ) {}

  static async start(
    name: string,
    options: { port?: number; delayMs?: number; resetAll?: boolean } = {},
  ): Promise<Backend> {
    const wss = new WebSocketServer({ noServer: true });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const backend = new Backend(name, server, port, wss, options.delayMs ?? 0, !!options.resetAll);
    server.on('request', (req, res) => backend.onRequest(req, res));
    server.on('connection', (socket: Socket) => {
      backend.sockets.add(socket);
      socket.once('close', () => backend.sockets.delete(socket));
    });
    server.on('upgrade', (req, socket, head) => {
      if (req.url?.startsWith('/ws-refuse')) {
        socket.end(
          'HTTP/1.1 403 Forbidden\r\ncontent-length: 6\r\nconnection: close\r\n\r\nnope!\n',
        );
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('message', (data) => ws.send(`${name}:${data.toString()}`));
      });
    });
    return backend;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Answers every held request (`/hold`). */
  releaseHeld(): void {
    const held = this.held;
    this.held = [];
    for (const release of held) release();
  }

  get heldCount(): number {
    return this.held.length;
  }

  /** Requests that reached this backend, optionally only those whose path starts with `prefix`. */
  count(prefix = '/'): number {
    return this.seen.filter((r) => r.url.startsWith(prefix)).length;
  }

  /** Stops listening and waits for open connections to end on their own. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const client of this.wss.clients) client.terminate();
      this.releaseHeld();
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
    return this.closing;
  }

  /** Dies like a killed process: every connection reset, the port closed. */
  async kill(): Promise<void> {
    for (const socket of this.sockets) socket.resetAndDestroy();
    for (const client of this.wss.clients) client.terminate();
    this.held = [];
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = req.url ?? '/';
      this.seen.push({ method: req.method ?? 'GET', url, headers: req.headers, body });
      this.inFlight++;
      res.once('close', () => this.inFlight--);
      const query = new URL(url, 'http://x').searchParams;
      if (this.resetAll || url.startsWith('/reset')) {
        req.socket.resetAndDestroy();
        return;
      }
      if (url.startsWith('/sse')) return this.sse(res, Number(query.get('interval') ?? 50));
      const answer = () =>
        this.json(res, {
          backend: this.name,
          method: req.method,
          url,
          bodyLength: body.length,
          body: body.slice(0, 1000),
        });
      if (url.startsWith('/slow')) {
        setTimeout(answer, Number(query.get('ms') ?? 100));
        return;
      }
      if (url.startsWith('/hold')) {
        this.held.push(answer);
        return;
      }
      if (this.delayMs > 0) setTimeout(answer, this.delayMs);
      else answer();
    });
  }

  private json(res: ServerResponse, body: unknown): void {
    if (res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-backend': this.name,
      'set-cookie': 'app=1; Path=/',
    });
    res.end(text);
  }

  /** Server-sent events, one every `interval` ms, until the caller goes away. */
  private sse(res: ServerResponse, interval: number): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    let n = 0;
    const timer = setInterval(() => res.write(`data: ${this.name} ${n++}\n\n`), interval);
    res.once('close', () => clearInterval(timer));
  }
}
