// 3-llm-chat — A STAND-IN, NOT A LANGUAGE MODEL. The demo's third version (Anyscale's
// `3-llm-chat.py`) serves blenderbot-400M-distill on a GPU. No npm package ships the weights of
// a real (even small) language model, and this machine reaches no model hub, so this service
// reproduces only the *operational profile* of one (see examples/README.md):
//   - slow start: it "loads" for MODEL_LOAD_SECONDS (default 20) before /healthz passes;
//   - higher latency: answers are produced token by token, TOKEN_DELAY_MS apart (default 40);
//   - declares a GPU in its service.yaml (ray_actor_options.num_gpus) for cloud providers.
// The text comes from a bigram table built at start from a few built-in sentences.
//   POST /         {"user_input": "...", "history": [...]} → {"response", "history", "model", "version"}
//   GET  /healthz  503 while loading, then 200
const http = require('node:http');

const version = process.env.SWITCHYARD_VERSION || 'dev';
const loadSeconds = Number(process.env.MODEL_LOAD_SECONDS ?? 20);
const tokenDelayMs = Number(process.env.TOKEN_DELAY_MS ?? 40);
const maxTokens = Number(process.env.MAX_TOKENS ?? 24);
const MODEL = 'stand-in: bigram chain over built-in text (not a language model)';

const CORPUS = `
a canary rollout sends a small share of traffic to the new version first .
the new version gets more traffic as long as it stays healthy .
if the canary turns unhealthy the rollout sends all traffic back to the primary .
a replica is ready after its first passing health check .
the service keeps one stable url across versions .
traffic moves along the schedule from five percent to one hundred percent .
a crashed replica is restarted with exponential backoff .
autoscaling adds replicas when ongoing requests grow and removes them when the load falls .
`;

let table = null;
const startedAt = Date.now();

/** "Loading the model": build the table, then wait out the rest of the load time. */
function load() {
  const next = new Map();
  const words = CORPUS.trim().split(/\s+/);
  for (let i = 0; i + 1 < words.length; i++) {
    if (!next.has(words[i])) next.set(words[i], []);
    next.get(words[i]).push(words[i + 1]);
  }
  const remaining = Math.max(0, loadSeconds * 1000 - (Date.now() - startedAt));
  setTimeout(() => {
    table = next;
    console.log(`model loaded in ${Date.now() - startedAt} ms`);
  }, remaining);
}

/** Deterministic per input: start from a word of the input the table knows, else "the". */
function* generate(input) {
  const known = input
    .toLowerCase()
    .split(/\W+/)
    .find((w) => table.has(w));
  let word = known || 'the';
  let seed = [...input].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  for (let i = 0; i < maxTokens; i++) {
    yield word;
    const options = table.get(word);
    if (!options || word === '.') return;
    seed = (seed * 1103515245 + 12345) >>> 0;
    word = options[seed % options.length];
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function reply(input) {
  const tokens = [];
  for (const token of generate(input)) {
    await sleep(tokenDelayMs); // one "forward pass" per token
    tokens.push(token);
  }
  return tokens.join(' ').replace(/ \.$/, '.');
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://localhost').pathname;
  if (path === '/healthz') {
    res.writeHead(table ? 200 : 503, { 'content-type': 'text/plain' });
    return res.end(table ? 'ok' : 'loading model');
  }
  if (!table) return send(res, 503, { error: 'model loading' });
  if (req.method !== 'POST')
    return send(res, 405, { error: 'POST {"user_input": "...", "history": []}' });
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (typeof body === 'string') body = JSON.parse(body);
    } catch {
      return send(res, 400, { error: 'the body must be JSON' });
    }
    const input = String(body.user_input ?? '');
    const history = Array.isArray(body.history) ? body.history : [];
    const response = await reply(input);
    send(res, 200, { response, history: [...history, input, response], model: MODEL, version });
  });
});

load();
server.listen(Number(process.env.PORT || 8000), process.env.HOST || '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
