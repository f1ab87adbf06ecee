#!/usr/bin/env node
// `npm start`: the whole of Switchyard on its embedded default, in one terminal.
//   1. checks Postgres and Redis, creates the database and applies migrations;
//   2. builds apps and libs (SWC, a second or two);
//   3. on first run seeds a demo organization, project `default` and cloud `local`, and a
//      console password for the demo owner;
//   4. runs api + worker + gateway, prefixing their logs; Ctrl-C stops all three.
// If one process dies, the others are stopped and the exit code says so.
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const crypto = require('node:crypto');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..');
const stateDir = process.env.SWITCHYARD_STATE_DIR || path.join(root, '.switchyard');
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/switchyard',
  REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  API_PORT: process.env.API_PORT || '8080',
  GATEWAY_PORT: process.env.GATEWAY_PORT || '8081',
  WORKER_OPS_PORT: process.env.WORKER_OPS_PORT || '8082',
  SWITCHYARD_STATE_DIR: stateDir,
};
env.SWITCHYARD_ADMIN_TOKEN = process.env.SWITCHYARD_ADMIN_TOKEN || adminTokenFromState();
const apiUrl = `http://127.0.0.1:${env.API_PORT}`;

/** A platform admin token kept with the demo state, so the bootstrap route works locally. */
function adminTokenFromState() {
  const file = path.join(stateDir, 'admin-token');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(stateDir, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url') + '\n', { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

function step(label, args, extraEnv = {}) {
  const result = spawnSync(process.execPath, args, { cwd: root, env: { ...env, ...extraEnv }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) {
    process.stdout.write(result.stdout || '');
    console.error(`npm start: ${label} failed`);
    process.exit(result.status || 1);
  }
  return result.stdout;
}

step('preflight', ['scripts/preflight.js']);
process.stdout.write(step('migrations', ['scripts/run-ts.js', 'scripts/db/migrate.ts']));
process.stdout.write(step('build', ['scripts/build.js']));
const seed = JSON.parse(step('demo seed', ['scripts/run-ts.js', 'scripts/dev/seed-demo.ts'], { API_URL: apiUrl }).trim().split('\n').pop());

// The gateway allocates short-lived objects per request: a larger young generation cut its
// scavenges and raised its throughput by about a third in bench/gateway.
const apps = [
  ['api', 'dist/apps/api/src/main.js', []],
  ['worker', 'dist/apps/worker/src/main.js', []],
  ['gateway', 'dist/apps/gateway/src/main.js', ['--max-semi-space-size=32']],
];
const children = apps.map(([name, entry, nodeFlags]) => {
  const child = spawn(process.execPath, ['--enable-source-maps', ...nodeFlags, entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) process.stdout.write(`[${name.padEnd(7)}] ${line}\n`);
    });
  }
  return { name, child };
});

let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
  }, 10_000);
  timer.unref();
  Promise.all(children.map(({ child }) => (child.exitCode !== null ? null : new Promise((r) => child.on('exit', r))))).then(() => process.exit(code));
}
for (const { name, child } of children) {
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`npm start: ${name} exited (${signal || code}); stopping the others`);
      stopAll(1);
    }
  });
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

console.log(`
  Switchyard is starting${seed.created ? ' (first run: demo organization created)' : ''}.
    Console   ${apiUrl}/
      sign in as ${seed.email}  password ${seed.password}
    API       ${apiUrl}            docs: ${apiUrl}/docs
    Gateway   http://127.0.0.1:${env.GATEWAY_PORT}
    Worker    http://127.0.0.1:${env.WORKER_OPS_PORT}/readyz
    Organization "${seed.organization}", project "${seed.project}", cloud "${seed.cloud}"
    Owner token  ${seed.token}
      (saved in ${path.relative(root, seed.stateFile) || seed.stateFile}, mode 0600)

    Try:  curl -H "Authorization: Bearer ${seed.token}" ${apiUrl}/v1/me
  Ctrl-C stops everything.
`);
