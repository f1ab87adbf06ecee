// One Jest run over every project (what `npm test` runs), so the run ends in one summary.
// Each project keeps its own config (and `nx test <project>` runs it alone).
module.exports = {
  projects: [
    '<rootDir>/apps/api',
    '<rootDir>/apps/worker',
    '<rootDir>/apps/gateway',
    '<rootDir>/apps/cli',
    '<rootDir>/libs/rollout',
    '<rootDir>/libs/billing',
    '<rootDir>/libs/routing',
    '<rootDir>/libs/service-config',
    '<rootDir>/libs/contracts',
    '<rootDir>/libs/platform',
    '<rootDir>/libs/cloud-providers',
    '<rootDir>/libs/testing',
    '<rootDir>/libs/jobs',
    '<rootDir>/tools/architecture',
    '<rootDir>/tools/e2e',
  ],
  maxWorkers: 2,
  // Global-only option (project configs cannot set it): integration tests start real servers.
  testTimeout: 30000,
};
