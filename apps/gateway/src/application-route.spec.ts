import type { RoutingVersion } from '@switchyard/routing';
import { ingressDeployment } from './application-route';

const dep = (application: string, deployment: string, routePrefix: string) => ({
  application,
  deployment,
  routePrefix,
  maxOngoingRequests: 5,
  replicas: [],
});
const version: RoutingVersion = {
  versionId: 'v',
  name: 'v',
  role: 'primary',
  weight: 100,
  deployments: [
    dep('root', 'Root', '/'),
    dep('api', 'Ingress', '/api'),
    dep('api', 'Helper', '/api'),
    dep('v2', 'Ingress', '/api/v2/'),
  ],
};

describe('ingressDeployment (longest route prefix, first deployment of the application)', () => {
  it.each([
    ['/', 'root/Root'],
    ['/anything', 'root/Root'],
    ['/api', 'api/Ingress'],
    ['/api/', 'api/Ingress'],
    ['/api/items/1', 'api/Ingress'],
    ['/apiary', 'root/Root'],
    ['/api/v2', 'api/Ingress'],
    ['/api/v2/x', 'v2/Ingress'],
  ])('%s → %s', (path, expected) => {
    const d = ingressDeployment(version, path)!;
    expect(`${d.application}/${d.deployment}`).toBe(expected);
  });

  it('finds nothing when no prefix matches', () => {
    expect(
      ingressDeployment({ ...version, deployments: [dep('api', 'I', '/api')] }, '/x'),
    ).toBeUndefined();
  });
});
