import { utcDay } from '@switchyard/billing';
import type { CloudProvider, ServiceVersion } from '@switchyard/db';
import type { ServiceConfig } from '@switchyard/service-config';
import type { Tx } from '../infra/db-types';
import type { DeployOptions } from '../services/rollout-plan';
import { checkQuotas } from './quota-check';
import { deployEstimate, serializeEstimate } from './rollout-estimate';
import { versionShapeOf } from './version-shape';

/**
 * Prices a deploy and checks it against the organization's quotas, inside the deploy's
 * transaction and before anything is written: a refused rollout (QuotaExceededError, 422)
 * leaves no trace. Returns what the deploy answer shows: the estimate and soft-quota warnings.
 */
export async function priceAndCheckDeploy(
  tx: Tx,
  orgId: string,
  args: {
    serviceId: string;
    provider: CloudProvider;
    config: ServiceConfig;
    computeConfigId: string | null;
    primary: ServiceVersion | null;
    options: DeployOptions;
    pollIntervalS: number;
    now: Date;
  },
) {
  const storedCompute = (id: string | null) =>
    id ? tx.computeConfig.findFirst({ where: { id, orgId } }) : Promise.resolve(null);
  const day = utcDay(args.now.getTime());
  const estimate = deployEstimate({
    provider: args.provider,
    config: args.config,
    next: versionShapeOf(args.config, await storedCompute(args.computeConfigId)),
    primary: args.primary
      ? versionShapeOf(
          args.primary.config as ServiceConfig,
          await storedCompute(args.primary.computeConfigId),
        )
      : null,
    options: args.options,
    pollIntervalS: args.pollIntervalS,
    day,
  });
  const quotaWarnings = await checkQuotas(tx, orgId, { serviceId: args.serviceId, estimate, day });
  return { cost_estimate: serializeEstimate(estimate, day), quota_warnings: quotaWarnings };
}
