// 1-hello-world: the demo's echo service (Anyscale's `1-hello-world.py`), on node: builtins only.
//   GET  /         → {"message": "hello world", "version": …}
//   POST /         → echoes the request body (JSON when it parses) with the version
//   GET  /healthz  → 200 "ok"
// The local provider gives PORT (and HOST) plus SWITCHYARD_* identity variables.
const http = require('node:http');

const version = process.env.SWITCHYARD_VERSION || 'dev';
const replica = process.env.SWITCHYARD_REPLICA || 'local';

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://localhost').pathname;
  if (path === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    return res.end('ok');
  }
  if (req.method === 'GET')
    return send(res, 200, { message: 'hello world', path, version, replica });
  if (req.method !== 'POST') return send(res, 405, { error: 'use GET or POST' });
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    let echo = text;
    try {
      echo = JSON.parse(text);
    } catch {
      // not JSON: echo the text as it came
    }
    send(res, 200, { echo, version, replica });
  });
});

server.listen(Number(process.env.PORT || 8000), process.env.HOST || '127.0.0.1');
// Draining: finish what is in flight, then exit (the provider SIGKILLs after the grace timeout).
process.on('SIGTERM', () => server.close(() => process.exit(0)));
