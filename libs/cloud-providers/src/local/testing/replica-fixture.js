// A tiny replica for the local provider's tests: an HTTP server on $PORT (node: builtins only).
//   GET /healthz     200, or 500 while the file $FIXTURE_UNHEALTHY_FILE exists
//   GET /            {replica, version, pid, port}
//   GET /slow?ms=N   answers after N ms (in-flight requests during draining)
// Knobs: FIXTURE_START_DELAY_MS (listen late: slow start), FIXTURE_IGNORE_SIGTERM=1 (needs
// SIGKILL), FIXTURE_LOG_LINES=N (N lines of output at start), FIXTURE_LOG_EVERY_MS (a line every
// N ms), FIXTURE_EXIT_AFTER_MS (crash).
const http = require('node:http');
const fs = require('node:fs');

const env = process.env;
const port = Number(env.PORT);
const unhealthyFile = env.FIXTURE_UNHEALTHY_FILE;

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/healthz') {
    const sick = unhealthyFile && fs.existsSync(unhealthyFile);
    res.writeHead(sick ? 500 : 200, { 'content-type': 'text/plain' });
    res.end(sick ? 'sick' : 'ok');
    return;
  }
  const answer = () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        replica: env.SWITCHYARD_REPLICA,
        version: env.SWITCHYARD_VERSION,
        pid: process.pid,
        port,
        greeting: env.GREETING || null,
      }),
    );
  };
  if (url.pathname === '/slow') setTimeout(answer, Number(url.searchParams.get('ms') || 500));
  else answer();
});

const lines = Number(env.FIXTURE_LOG_LINES || 0);
for (let i = 0; i < lines; i++) console.log(`line ${i} ${'x'.repeat(90)}`);
if (env.FIXTURE_LOG_EVERY_MS) {
  let n = 0;
  setInterval(() => console.log(`tick ${n++} ${'y'.repeat(60)}`), Number(env.FIXTURE_LOG_EVERY_MS));
}
console.error(`replica ${env.SWITCHYARD_REPLICA} pid ${process.pid}`);

setTimeout(() => server.listen(port, '127.0.0.1'), Number(env.FIXTURE_START_DELAY_MS || 0));
if (env.FIXTURE_EXIT_AFTER_MS) setTimeout(() => process.exit(3), Number(env.FIXTURE_EXIT_AFTER_MS));

process.on('SIGTERM', () => {
  if (env.FIXTURE_IGNORE_SIGTERM === '1') {
    console.log('SIGTERM ignored');
    return;
  }
  console.log('SIGTERM: closing');
  server.close(() => process.exit(0));
});
