/**
 * Heavyweight in-place update of one replica: a successor node starts from the updated spec
 * (new env / applications, same image and compute) and carries `replaces: <old node>`; once a
 * describeCluster finds it ready, the old node drains and stops (provider.ts `retireReplaced`),
 * and the old id is reported in `replacedReplicaIds`.
 */
import type { CatalogProvider } from '../catalog';
import { ProviderError, type InPlaceUpdate } from '../port';
import { replacedReplicaIds } from './cluster-status';
import { healthOf, serializeLaunchSpec } from './launch-spec';
import type { ClusterState, LaunchSpec, VmBackend } from './model';
import { specHashOf } from './naming';
import { workerRequest } from './node-requests';
import { groupFor } from './placement';
import type { KeyedCall } from './cluster-actions';
import { isLive, replicaKeyOf } from './reconcile';
import { deploymentKey } from './replica-targets';

export async function replaceReplica(
  call: KeyedCall,
  update: Extract<InPlaceUpdate, { mode: 'heavy' }>,
  deps: {
    backend: VmBackend;
    catalog: CatalogProvider;
    invalid: (message: string) => ProviderError;
  },
): Promise<ClusterState> {
  const ref = update.replica;
  const old = call.nodes.find(
    (n) =>
      n.id === ref.replicaId &&
      n.role === 'WORKER' &&
      replicaKeyOf(n) === deploymentKey(ref.application, ref.deployment),
  );
  const underWay = call.nodes.some((n) => n.replaces === ref.replicaId);
  if (underWay || replacedReplicaIds(call.nodes).includes(ref.replicaId)) return call.state;
  if (!old || !isLive(old))
    throw new ProviderError(
      'not_found',
      `no replica ${ref.replicaId} of ${ref.application}/${ref.deployment} in this cluster`,
    );

  const current = await call.spec();
  const spec: LaunchSpec = {
    ...current.spec,
    env: { ...update.env },
    applications: structuredClone(update.applications),
  };
  const badEnv = Object.keys(spec.env).find((k) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k));
  if (badEnv !== undefined)
    throw deps.invalid(`env var name "${badEnv}" cannot be passed to a container`);
  const document = serializeLaunchSpec(spec);
  const specHash = specHashOf(document);
  const group = groupFor(spec.compute, spec.applications, old.replica!);
  await deps.backend.launch([
    workerRequest({
      head: call.head,
      group,
      replica: old.replica!,
      slot: 0,
      launchKey: call.digest,
      spec,
      specDocument: document,
      specHash,
      replaces: old.id,
      catalog: deps.catalog,
    }),
  ]);
  return {
    ...call.state,
    specHash,
    health: { ...call.state.health, ...healthOf(update.applications) },
  };
}
