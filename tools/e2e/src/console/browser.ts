/**
 * Headless Debian Chromium driven by playwright-core, for the console proofs. The flags keep
 * Chromium off the network (no background updates, sync or QUIC probes on a closed network);
 * Playwright gives every launch a fresh profile directory of its own.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { REPO_ROOT } from '../support/stack';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Builds the console (Vite) into `outDir`, in a child process: Vite is ESM-only and Jest is not. */
export function buildConsole(outDir: string): void {
  const script = `import('vite').then((vite) => vite.build({ configFile: ${JSON.stringify(
    path.join(REPO_ROOT, 'apps/console/vite.config.mjs'),
  )}, build: { outDir: ${JSON.stringify(outDir)}, emptyOutDir: true }, logLevel: 'warn' }))`;
  const built = spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`console build failed: ${built.stdout}${built.stderr}`);
}
