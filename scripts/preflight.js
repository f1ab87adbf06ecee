#!/usr/bin/env node
// Checks that Postgres and Redis answer before anything else runs, and says how to start them.
const net = require('node:net');

const checks = [
  { name: 'PostgreSQL', url: process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/switchyard', port: 5432,
    hint: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start' },
  { name: 'Redis', url: process.env.REDIS_URL || 'redis://127.0.0.1:6379', port: 6379,
    hint: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no' },
];

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 }, () => { socket.end(); resolve(true); });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => { socket.destroy(); resolve(false); });
  });
}

(async () => {
  let ok = true;
  for (const check of checks) {
    const url = new URL(check.url);
    const port = Number(url.port || check.port);
    if (!(await reachable(url.hostname, port))) {
      ok = false;
      console.error(`${check.name} is not reachable at ${url.hostname}:${port}. Start it, e.g.:\n  ${check.hint}`);
    }
  }
  if (!ok) process.exit(1);
})();
