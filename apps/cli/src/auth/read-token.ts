/** The token for `switchyard login`: from stdin (CI: `--token-stdin`), or typed at a hidden prompt. */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { RunOptions } from '../io';

export async function readAllStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin)
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return text.trim();
}

/** Asks on the terminal without echoing what is typed (a token must not stay on screen). */
export function promptHidden(io: RunOptions, question: string): Promise<string> {
  io.stderr.write(question);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: io.stdin!, output: muted, terminal: true });
  return new Promise((resolve) => {
    rl.once('line', (line) => {
      rl.close();
      io.stderr.write('\n');
      resolve(line.trim());
    });
  });
}
