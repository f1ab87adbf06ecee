export { createTestDatabase, type TestDatabase } from './test-database';
export { startTsProcess, eventually, type RunningProcess } from './process';
export { freePort } from './ports';
