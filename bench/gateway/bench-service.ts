import type { Redis } from '@switchyard/platform';
import { endpointSlugOf, RoutingPublisher } from '@switchyard/routing';

/** The one service every gateway bench routes to: path form `/s/bench/echo/`, auth off. */
export async function publishBenchService(redis: Redis, prefix: string, backendPort: number) {
  await new RoutingPublisher(redis, prefix).publish({
    serviceId: 'bench',
    orgId: 'bench',
    project: 'bench',
    service: 'echo',
    endpointSlug: endpointSlugOf('bench', 'echo'),
    auth: { enabled: false, tokenHashes: [] },
    versions: [
      {
        versionId: 'v1',
        name: 'v1',
        role: 'primary',
        weight: 100,
        deployments: [
          {
            application: 'app',
            deployment: 'ingress',
            routePrefix: '/',
            maxOngoingRequests: 10_000, // the bench measures the proxy, not the cap
            replicas: [
              {
                replicaId: 'r1',
                endpoint: `http://127.0.0.1:${backendPort}`,
                ready: true,
                draining: false,
              },
            ],
          },
        ],
      },
    ],
    revision: 1,
    updatedAt: Date.now(),
  });
}
