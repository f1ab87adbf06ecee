// 2-hello-chat: the demo's chat skeleton (Anyscale's `2-hello-chat.py`): it takes
// POST {"user_input": "...", "history": [...]} and answers from a small static script — no model.
//   POST /         → {"response": "...", "history": [..., user_input, response], "version": …}
//   GET  /healthz  → 200 "ok"
const http = require('node:http');

const version = process.env.SWITCHYARD_VERSION || 'dev';

/** The whole "model": first matching rule wins. */
const RULES = [
  [/\b(hello|hi|hey)\b/i, 'Hello! I am a static chat bot. Ask me about canary rollouts.'],
  [
    /\bcanary\b/i,
    'A canary is a new version receiving a small share of traffic before it takes over.',
  ],
  [/\brollback\b/i, 'A rollback sends all traffic back to the primary and terminates the canary.'],
  [/\b(bye|goodbye)\b/i, 'Goodbye!'],
];

function reply(input) {
  for (const [pattern, answer] of RULES) if (pattern.test(input)) return answer;
  return `You said "${input}". I only know a few canned answers.`;
}

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
  if (req.method !== 'POST')
    return send(res, 405, { error: 'POST {"user_input": "...", "history": []}' });
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      // The demo notebook posts the JSON document as a JSON string: accept both.
      if (typeof body === 'string') body = JSON.parse(body);
    } catch {
      return send(res, 400, { error: 'the body must be JSON' });
    }
    const input = String(body.user_input ?? '');
    const history = Array.isArray(body.history) ? body.history : [];
    const response = reply(input);
    send(res, 200, { response, history: [...history, input, response], version });
  });
});

server.listen(Number(process.env.PORT || 8000), process.env.HOST || '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
