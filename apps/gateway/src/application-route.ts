import type { DeepReadonly, RoutingDeployment, RoutingVersion } from '@switchyard/routing';

type Version = DeepReadonly<RoutingVersion>;
type Deployment = DeepReadonly<RoutingDeployment>;

/** `/api` matches `/api` and `/api/x` but not `/apix`; `/` matches everything. */
function prefixMatches(prefix: string, pathname: string): boolean {
  if (prefix === '/' || pathname === prefix) return true;
  if (!pathname.startsWith(prefix)) return false;
  return prefix.endsWith('/') || pathname[prefix.length] === '/';
}

/**
 * The deployment that receives a request for `pathname` inside one version: the application
 * with the longest matching `routePrefix` (as Ray Serve routes), and of that application its
 * first deployment — the ingress by the service config's convention (libs/service-config
 * runtime-spec.ts), which the worker keeps first in the entry. The path is forwarded whole: the
 * application sees the prefix, as a Ray Serve app does.
 */
export function ingressDeployment(version: Version, pathname: string): Deployment | undefined {
  let best: Deployment | undefined;
  for (const deployment of version.deployments) {
    if (!prefixMatches(deployment.routePrefix, pathname)) continue;
    if (!best || deployment.routePrefix.length > best.routePrefix.length) best = deployment;
  }
  return best;
}
