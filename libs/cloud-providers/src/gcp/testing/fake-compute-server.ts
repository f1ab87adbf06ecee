/**
 * A stateful Compute Engine on a loopback HTTP server, for the real @google-cloud/compute client
 * (REST transport) to talk to. It answers in the API's JSON shapes — instances, zone operations,
 * errors with `errors[].reason` and a google.rpc.ErrorInfo detail — keeps instance lifecycles on
 * the test's clock (PROVISIONING → STAGING → RUNNING; a deleted instance is STOPPING, then gone),
 * deduplicates inserts by requestId, refuses stale fingerprints (412), filters `instances.list`
 * by labels, and records every request. Faults: an HTTP error, or a zone operation that finishes
 * with an error code (how capacity and quota errors arrive).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorResponse, operationJson, type Operation } from './compute-json';

export interface FakeComputeOptions {
  clock: () => number;
  /** PROVISIONING → RUNNING. Default 0. */
  bootMs?: number;
  /** A deleted instance is STOPPING this long, then gone. Default 0. */
  deleteMs?: number;
  /** Zone operations take this long to be DONE. Default 0. */
  operationMs?: number;
  /** How long an insert's requestId is remembered (GCP: at least an hour). Default 1 h. */
  requestIdMemoryMs?: number;
}

/** A JSON body as the Compute API carries it; tests read whichever fields they assert on. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any;

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: JsonBody;
}

interface FakeInstance {
  resource: JsonBody;
  createdAt: number;
  deletedAt: number | null;
  ip: string;
  labelFingerprint: number;
  metadataFingerprint: number;
}

type HttpFault = { http: number; reason: string; message?: string; errorInfo?: boolean };
type OperationFault = { operationError: string; message?: string };
type Fault = { match: (r: RecordedRequest) => boolean; times: number; message: string } & (
  HttpFault | OperationFault
);

export class FakeComputeServer {
  readonly requests: RecordedRequest[] = [];
  readonly instances = new Map<string, FakeInstance>();
  private readonly operations = new Map<string, Operation>();
  private readonly requestIds = new Map<string, string>();
  private faults: Fault[] = [];
  private nextNo = 1;
  private server: http.Server | null = null;
  port = 0;

  constructor(private readonly o: FakeComputeOptions) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const record: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          body: body ? JSON.parse(body) : null,
        };
        this.requests.push(record);
        const [status, payload] = this.route(record);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /**
   * The next `times` requests matching `match` fail: with an HTTP error (`reason` as in
   * `errors[].reason`, and in an ErrorInfo detail with `errorInfo: true`), or — for an insert —
   * with a zone operation that finishes with `operationError`.
   */
  failNext(
    match: (r: RecordedRequest) => boolean,
    fault: HttpFault | OperationFault,
    times = 1,
  ): void {
    this.faults.push({
      match,
      times,
      ...fault,
      message:
        fault.message ??
        `${'http' in fault ? fault.reason : fault.operationError} (fake Compute Engine)`,
    } as Fault);
  }

  statusOf(i: FakeInstance): string {
    const now = this.o.clock();
    if (i.deletedAt !== null) return 'STOPPING';
    if (now >= i.createdAt + (this.o.bootMs ?? 0)) return 'RUNNING';
    return now >= i.createdAt + (this.o.bootMs ?? 0) / 2 ? 'STAGING' : 'PROVISIONING';
  }

  /** Instances not deleted (or being deleted). */
  live(): JsonBody[] {
    this.sweep();
    return [...this.instances.values()]
      .filter((i) => i.deletedAt === null)
      .map((i) => this.view(i));
  }

  readonly probe = async (url: string): Promise<boolean> => {
    const host = new URL(url).hostname;
    const i = [...this.instances.values()].find((x) => x.ip === host);
    return i !== undefined && this.statusOf(i) === 'RUNNING';
  };

  private sweep(): void {
    const now = this.o.clock();
    for (const [name, i] of this.instances)
      if (i.deletedAt !== null && now >= i.deletedAt + (this.o.deleteMs ?? 0))
        this.instances.delete(name);
  }

  private takeFault(r: RecordedRequest): Fault | null {
    const f = this.faults.find((x) => x.match(r));
    if (!f) return null;
    if (--f.times <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f;
  }

  private operation(type: string, target: string, error?: Operation['error']): Operation {
    const op: Operation = {
      name: `operation-${this.nextNo++}`,
      operationType: type,
      targetLink: target,
      doneAt: this.o.clock() + (this.o.operationMs ?? 0),
      error,
    };
    this.operations.set(op.name, op);
    return op;
  }

  private view(i: FakeInstance) {
    const status = this.statusOf(i);
    return {
      ...i.resource,
      kind: 'compute#instance',
      id: String(1000 + [...this.instances.values()].indexOf(i)),
      status,
      creationTimestamp: new Date(i.createdAt).toISOString(),
      ...(status === 'RUNNING'
        ? { lastStartTimestamp: new Date(i.createdAt + (this.o.bootMs ?? 0)).toISOString() }
        : {}),
      labelFingerprint: `lf${i.labelFingerprint}`,
      metadata: { ...i.resource.metadata, fingerprint: `mf${i.metadataFingerprint}` },
      networkInterfaces: [{ ...(i.resource.networkInterfaces?.[0] ?? {}), networkIP: i.ip }],
    };
  }

  private route(r: RecordedRequest): [number, unknown] {
    this.sweep();
    const fault = this.takeFault(r);
    if (fault && 'http' in fault)
      return errorResponse(fault.http, fault.reason, fault.message, fault.errorInfo);
    const m =
      /^\/compute\/v1\/projects\/([^/]+)\/zones\/([^/]+)(?:\/(instances|operations)(?:\/([^/]+))?(?:\/([A-Za-z]+))?)?$/.exec(
        r.path,
      );
    if (!m) return errorResponse(404, 'notFound', `no route ${r.method} ${r.path}`);
    const [, project, zone, collection, name, verb] = m;
    const base = `https://www.googleapis.com/compute/v1/projects/${project}/zones/${zone}`;
    if (!collection) return [200, { kind: 'compute#zone', name: zone, status: 'UP' }];
    if (collection === 'operations') {
      const op = this.operations.get(name ?? '');
      return op
        ? [200, operationJson(this.o.clock(), op)]
        : errorResponse(404, 'notFound', `The resource 'operations/${name}' was not found`);
    }
    if (!name && r.method === 'GET')
      return [200, { kind: 'compute#instanceList', items: this.list(r.query['filter'] ?? '') }];
    if (!name && r.method === 'POST') return this.insert(r, base, fault);
    const instance = this.instances.get(name!);
    if (!instance)
      return errorResponse(
        404,
        'notFound',
        `The resource 'projects/${project}/zones/${zone}/instances/${name}' was not found`,
      );
    if (r.method === 'GET' && !verb) return [200, this.view(instance)];
    if (r.method === 'DELETE') {
      instance.deletedAt ??= this.o.clock();
      return [
        200,
        operationJson(this.o.clock(), this.operation('delete', `${base}/instances/${name}`)),
      ];
    }
    if (verb === 'setLabels') {
      if (r.body.labelFingerprint !== `lf${instance.labelFingerprint}`)
        return errorResponse(
          412,
          'conditionNotMet',
          'Labels fingerprint either invalid or resource labels have changed',
        );
      instance.resource.labels = r.body.labels;
      instance.labelFingerprint++;
      return [
        200,
        operationJson(this.o.clock(), this.operation('setLabels', `${base}/instances/${name}`)),
      ];
    }
    if (verb === 'setMetadata') {
      if (r.body.fingerprint !== `mf${instance.metadataFingerprint}`)
        return errorResponse(
          412,
          'conditionNotMet',
          'Supplied fingerprint does not match current metadata fingerprint.',
        );
      instance.resource.metadata = { items: r.body.items };
      instance.metadataFingerprint++;
      return [
        200,
        operationJson(this.o.clock(), this.operation('setMetadata', `${base}/instances/${name}`)),
      ];
    }
    return errorResponse(400, 'badRequest', `unsupported ${r.method} ${r.path}`);
  }

  private insert(r: RecordedRequest, base: string, fault: Fault | null): [number, unknown] {
    const requestId = r.query['requestId'];
    const seen = requestId ? this.operations.get(this.requestIds.get(requestId) ?? '') : undefined;
    const remembered =
      seen &&
      this.o.clock() <
        seen.doneAt - (this.o.operationMs ?? 0) + (this.o.requestIdMemoryMs ?? 3_600_000);
    if (seen && remembered) return [200, operationJson(this.o.clock(), seen)];
    const resource = structuredClone(r.body);
    if (this.instances.has(resource.name))
      return errorResponse(409, 'alreadyExists', `The resource '${resource.name}' already exists`);
    let op: Operation;
    if (fault && 'operationError' in fault) {
      op = this.operation('insert', `${base}/instances/${resource.name}`, {
        code: fault.operationError,
        message: fault.message,
      });
    } else {
      const no = this.nextNo++;
      this.instances.set(resource.name, {
        resource,
        createdAt: this.o.clock(),
        deletedAt: null,
        ip: `10.128.${Math.floor(no / 250)}.${(no % 250) + 2}`,
        labelFingerprint: 1,
        metadataFingerprint: 1,
      });
      op = this.operation('insert', `${base}/instances/${resource.name}`);
    }
    if (requestId) this.requestIds.set(requestId, op.name);
    return [200, operationJson(this.o.clock(), op)];
  }

  /** `(labels.k = "v") AND …`: the only filter form the adapter sends. */
  private list(filter: string): unknown[] {
    const terms = [...filter.matchAll(/labels\.([a-z0-9_-]+) = "([^"]*)"/g)].map(
      ([, k, v]) => [k!, v!] as const,
    );
    return [...this.instances.values()]
      .filter((i) => terms.every(([k, v]) => i.resource.labels?.[k] === v))
      .map((i) => this.view(i));
  }
}
