/** Service config files for the tests, written to a temporary directory. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A one-application service on the SIM cloud with a fast schedule (25 % briefly, then 100 %).
 * `hold` lengthens the first step, e.g. to leave an unhealthy canary time to be noticed.
 */
export function serviceYaml(
  name: string,
  options: { replicas?: number; hold?: number } = {},
): string {
  return `# a test service
name: ${name}
cloud: sim
applications:
  - name: app
    route_prefix: /
    command: node server.js
    deployments:
      - name: web
        num_replicas: ${options.replicas ?? 2}
rollout:
  schedule:
    - percent: 25
      hold_s: ${options.hold ?? 0.3}
    - percent: 100
      hold_s: 0
  drain_s: 0
`;
}

export function writeServiceFile(dir: string, fileName: string, text: string): string {
  const file = path.join(dir, fileName);
  writeFileSync(file, text);
  return file;
}
