/**
 * `validateGcpCloud`: what the API runs before it saves a GCP cloud record. Nothing is created:
 * 1. the record's shape (service-account key JSON, project, zone in the region);
 * 2. the key works and may list instances in the zone (`instances.list`, one result);
 * 3. the zone exists and is UP (`zones.get`) — a typo'd zone fails here, not at the first deploy.
 */
import type { ZonesClient } from '@google-cloud/compute';
import { validationFailure, type CloudValidation } from '../cloud-validation';
import { ProviderError, type CloudSpec } from '../port';
import { DEFAULT_RETRY, realTiming, type RetryPolicy } from '../vm/retry';
import { parseGcpCloud } from './cloud-config';
import {
  CALL_OPTIONS,
  computeCalls,
  computeClientOptions,
  loadCompute,
  type ComputeClientOptions,
  type ComputeClients,
} from './compute-api';

export interface GcpValidationDeps {
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  retry?: RetryPolicy;
  clientOptions?: Partial<ComputeClientOptions>;
}

export async function validateGcpCloud(
  cloud: CloudSpec,
  deps: GcpValidationDeps = {},
): Promise<CloudValidation> {
  let clients: ComputeClients | null = null;
  let zones: ZonesClient | null = null;
  try {
    const config = parseGcpCloud(cloud);
    const sdk = await loadCompute();
    const options = computeClientOptions(config, deps.clientOptions);
    clients = {
      instances: new sdk.InstancesClient(options),
      operations: new sdk.ZoneOperationsClient(options),
    };
    zones = new sdk.ZonesClient(options);
    const loaded = clients;
    const calls = computeCalls(async () => loaded, config, deps.retry ?? DEFAULT_RETRY, {
      clock: deps.clock ?? realTiming.clock,
      sleep: deps.sleep ?? realTiming.sleep,
    });
    const ctx = (action: string) => ({ action, projectId: config.projectId, zone: config.zone });
    await calls.call(ctx('instances.list'), () =>
      clients!.instances.list(
        {
          project: config.projectId,
          zone: config.zone,
          maxResults: 1,
          filter: 'labels.switchyard-role = "head"',
        },
        { ...CALL_OPTIONS, autoPaginate: false },
      ),
    );
    const [zone] = await calls.call(ctx('zones.get'), () =>
      zones!.get({ project: config.projectId, zone: config.zone }, CALL_OPTIONS),
    );
    if (zone.status !== 'UP')
      throw new ProviderError(
        'unavailable',
        `gcp: zone ${config.zone} is ${zone.status ?? 'not UP'}`,
      );
    return { ok: true };
  } catch (error) {
    return validationFailure(error);
  } finally {
    await Promise.all([clients?.instances.close(), clients?.operations.close(), zones?.close()]);
  }
}
