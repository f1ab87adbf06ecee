// Lints probe sources as if they stood in given files; reads [{ filePath, code }] as JSON on
// stdin and prints each result's messages as JSON. Runs outside Jest because ESLint loads
// its flat config with a dynamic import(), which Jest's module VM does not support.
const { ESLint } = require('eslint');

let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', async () => {
  const probes = JSON.parse(input);
  const eslint = new ESLint({ cwd: process.cwd() });
  const results = [];
  for (const probe of probes) {
    const [result] = await eslint.lintText(probe.code, { filePath: probe.filePath });
    results.push(result.messages.map((m) => ({ ruleId: m.ruleId, severity: m.severity, message: m.message })));
  }
  process.stdout.write(JSON.stringify(results));
});
