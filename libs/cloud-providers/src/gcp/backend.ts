/** The VmBackend over Compute Engine: instances.list / insert / delete / setLabels / setMetadata, zone operations awaited. */
import type { protos } from '@google-cloud/compute';
import { ProviderError } from '../port';
import type { ClusterLabels } from '../port';
import type { ClusterQuery, LaunchRequest, VmBackend, VmNode } from '../vm/model';
import { deterministicUuid } from '../vm/naming';
import { WaitTimeoutError, type RetryPolicy, type Timing } from '../vm/retry';
import type { GcpCloudConfig } from './cloud-config';
import {
  CALL_OPTIONS,
  computeCalls,
  type ComputeClients,
  type ComputeClientsLoader,
} from './compute-api';
import { GcpProviderError } from './errors';
import { instanceResource } from './instance-resource';
import { listedInstanceOf } from './instances';
import { CLUSTER_LABELS, LABEL, labelFilter, labelValue, METADATA } from './labels';

export interface GcpBackendOptions {
  clients: ComputeClientsLoader;
  config: GcpCloudConfig;
  timing: Timing;
  retry: RetryPolicy;
  bootImage: string;
  diskSizeGb: number;
  /** Bound of waiting for one zone operation. */
  operationWaitMs: number;
  /**
   * Bound of waiting for delete operations (they take tens of seconds): past it the deletion
   * goes on in GCP — the instance is listed STOPPING meanwhile — and the call returns.
   */
  deleteWaitMs: number;
}

type Instance = protos.google.cloud.compute.v1.IInstance;

/** Insert conflicts: the instance name is taken (409, ABORTED when gax cannot read the reason). */
const NAME_TAKEN = new Set([
  'ALREADY_EXISTS',
  'alreadyExists',
  'RESOURCE_ALREADY_EXISTS',
  'ABORTED',
]);
/** A 412 on a fingerprinted write: the instance changed in between (gax reports FAILED_PRECONDITION). */
const FINGERPRINT_CONFLICT = new Set(['FAILED_PRECONDITION', 'conditionNotMet']);

function filterOf(query: ClusterQuery): string {
  if ('clusterId' in query) return labelFilter({ [LABEL.cluster]: query.clusterId });
  const labels = Object.entries(query.headsWithLabels).filter(([, v]) => v !== undefined) as [
    keyof ClusterLabels,
    string,
  ][];
  return labelFilter({
    [LABEL.role]: 'head',
    ...Object.fromEntries(
      labels.map(([label, value]) => [CLUSTER_LABELS[label], labelValue(value)]),
    ),
  });
}

export function createGcpBackend(o: GcpBackendOptions): VmBackend {
  const { config } = o;
  const api = o.clients;
  const where = { project: config.projectId, zone: config.zone };
  const calls = computeCalls(api, config, o.retry, o.timing);
  const ctx = (action: string, extra: { machineType?: string; gpu?: string | null } = {}) => ({
    action,
    projectId: config.projectId,
    zone: config.zone,
    ...extra,
  });
  /** The launch spec of each node as last listed (GCP returns metadata with the instance). */
  const specs = new Map<string, string>();

  const get = (name: string) =>
    calls
      .call(ctx('instances.get'), async () =>
        (await api()).instances.get({ ...where, instance: name }, CALL_OPTIONS),
      )
      .then(([i]) => i);

  /**
   * Labels and metadata are replaced whole under a fingerprint: read, change, write — and on a
   * 412 (someone changed the instance in between) the whole read-modify-write is retried.
   */
  async function readModifyWrite(
    action: string,
    instance: string,
    write: (
      api: ComputeClients,
      current: Instance,
    ) => Promise<[{ latestResponse: unknown }, ...unknown[]]>,
  ): Promise<void> {
    const c = ctx(action);
    const [lro] = await calls.call(
      c,
      async () => {
        const clients = await api();
        const [current] = await clients.instances.get({ ...where, instance }, CALL_OPTIONS);
        return write(clients, current);
      },
      FINGERPRINT_CONFLICT,
    );
    await calls.awaitOperation(
      c,
      lro.latestResponse as protos.google.cloud.compute.v1.IOperation,
      o.operationWaitMs,
    );
  }

  async function insert(request: LaunchRequest): Promise<VmNode | null> {
    const resource = instanceResource(request, {
      config,
      bootImage: o.bootImage,
      diskSizeGb: o.diskSizeGb,
    });
    const c = ctx('instances.insert', {
      machineType: request.identity.instanceType,
      gpu: request.identity.gpuType,
    });
    // The same requestId for the same launch: GCP runs a repeated insert once (for at least an hour).
    const requestId = deterministicUuid(`${config.projectId}/${config.zone}/${request.token}`);
    // A taken name means this launch happened before (a retried job, or two workers at once). Over
    // REST, Compute's 409 arrives as ABORTED unless the error carries an ErrorInfo detail.
    let nameTaken = false;
    try {
      const inserted = await calls.tryCall(
        c,
        async () =>
          (await api()).instances.insert(
            { ...where, requestId, instanceResource: resource },
            CALL_OPTIONS,
          ),
        NAME_TAKEN,
      );
      if (inserted === null) nameTaken = true;
      else
        await calls.awaitOperation(
          c,
          inserted[0].latestResponse as protos.google.cloud.compute.v1.IOperation,
          o.operationWaitMs,
        );
    } catch (error) {
      if (!(error instanceof GcpProviderError && NAME_TAKEN.has(error.code))) throw error;
      nameTaken = true;
    }
    try {
      return remember(await get(request.name));
    } catch (error) {
      if (!(error instanceof ProviderError && error.kind === 'not_found')) throw error;
      // A real conflict that left nothing behind: let the job try again.
      if (nameTaken)
        throw new ProviderError(
          'unavailable',
          `gcp: inserting ${request.name} conflicted, yet no such instance exists`,
        );
      // The insert was deduplicated (same requestId) for a node that ran and has been deleted since.
      return null;
    }
  }

  function remember(instance: Instance): VmNode | null {
    const listed = listedInstanceOf(instance);
    if (!listed) return null;
    if (listed.specDocument !== null) specs.set(listed.node.id, listed.specDocument);
    return listed.node;
  }

  async function remove(node: VmNode): Promise<void> {
    const c = ctx('instances.delete');
    try {
      const [lro] = await calls.call(c, async () =>
        (await api()).instances.delete(
          { ...where, instance: node.id, requestId: deterministicUuid(`delete/${node.id}`) },
          CALL_OPTIONS,
        ),
      );
      await calls.awaitOperation(
        c,
        lro.latestResponse as protos.google.cloud.compute.v1.IOperation,
        o.deleteWaitMs,
      );
    } catch (error) {
      if (error instanceof WaitTimeoutError) return; // still deleting: GCP finishes it
      if (!(error instanceof ProviderError && error.kind === 'not_found')) throw error; // already gone
    }
  }

  return {
    async list(query) {
      const [instances] = await calls.call(ctx('instances.list'), async () =>
        (await api()).instances.list({ ...where, filter: filterOf(query) }, CALL_OPTIONS),
      );
      return instances.map(remember).filter((n): n is VmNode => n !== null);
    },

    async launch(requests) {
      const nodes: VmNode[] = [];
      for (const request of requests) {
        const node = await insert(request);
        if (node) nodes.push(node);
      }
      return nodes;
    },

    /** Workers first, the head (which holds the cluster state) last. */
    async terminate(nodes) {
      const ordered = [...nodes].sort(
        (a, b) => Number(a.role === 'HEAD') - Number(b.role === 'HEAD'),
      );
      await Promise.all(ordered.filter((n) => n.role === 'WORKER').map(remove));
      for (const head of ordered.filter((n) => n.role === 'HEAD')) await remove(head);
    },

    async markDraining(nodes, since) {
      for (const node of nodes) {
        await readModifyWrite('instances.setLabels', node.id, (api, current) =>
          api.instances.setLabels(
            {
              ...where,
              instance: node.id,
              instancesSetLabelsRequestResource: {
                labels: { ...(current.labels ?? {}), [LABEL.drainingSince]: String(since) },
                labelFingerprint: current.labelFingerprint,
              },
            },
            CALL_OPTIONS,
          ),
        );
      }
    },

    async writeClusterState(head, state) {
      await readModifyWrite('instances.setMetadata', head.id, (api, current) => {
        const items = (current.metadata?.items ?? []).filter((i) => i.key !== METADATA.state);
        items.push({ key: METADATA.state, value: JSON.stringify(state) });
        return api.instances.setMetadata(
          {
            ...where,
            instance: head.id,
            metadataResource: { fingerprint: current.metadata?.fingerprint, items },
          },
          CALL_OPTIONS,
        );
      });
    },

    async readSpec(node) {
      const known = specs.get(node.id);
      if (known !== undefined) return known;
      const fresh = remember(await get(node.id));
      const document = fresh ? specs.get(fresh.id) : undefined;
      if (document === undefined)
        throw new ProviderError('internal', `gcp: instance ${node.id} carries no launch spec`);
      return document;
    },
  };
}
