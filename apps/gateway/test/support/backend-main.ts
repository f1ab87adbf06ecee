// A replica as a separate process (for tests that kill one with SIGKILL):
//   BACKEND_NAME=r1 BACKEND_DELAY_MS=5 node scripts/run-ts.js apps/gateway/test/support/backend-main.ts
import { Backend } from './backend';

void Backend.start(process.env.BACKEND_NAME ?? 'child', {
  delayMs: Number(process.env.BACKEND_DELAY_MS ?? 0),
}).then((backend) => {
  console.log(JSON.stringify({ msg: 'listening', port: backend.port, name: backend.name }));
});
