/**
 * The config as `classifyInPlaceChange` sees it. The schema's field names were chosen to be
 * the classifier's (`num_replicas`, `autoscaling_config`, `health_check_*`…), so this is a
 * typed, JSON-clean copy; the `satisfies` makes a rename on either side a compile error.
 *
 * Every field goes through: ones the classifier does not declare (`runtime_env`,
 * `graceful_shutdown_timeout_s`, `ray_actor_options`…) are compared too and count as
 * heavyweight, which is the safe side.
 */
import type { InPlaceServiceConfig } from '@switchyard/rollout';
import type { ServiceConfig } from './schema';

export function toInPlaceInput(config: ServiceConfig): InPlaceServiceConfig {
  // A JSON round trip drops undefined fields and shares nothing with the caller's object.
  const copy = JSON.parse(JSON.stringify(config)) as ServiceConfig;
  return copy satisfies InPlaceServiceConfig;
}
