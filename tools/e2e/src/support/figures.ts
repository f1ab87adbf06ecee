/**
 * Figures the proofs measure (deploy → first healthy replica, scale-up reaction, rollback
 * times): printed, and appended as JSON lines to test-artifacts/e2e-figures.jsonl so that
 * several runs can be summarised by their medians.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './stack';

export const FIGURES_FILE = path.join(REPO_ROOT, 'test-artifacts', 'e2e-figures.jsonl');

export function recordFigure(
  name: string,
  value: number,
  unit: string,
  detail: Record<string, unknown> = {},
): void {
  const entry = { name, value, unit, at: new Date().toISOString(), ...detail };
  mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
  appendFileSync(FIGURES_FILE, JSON.stringify(entry) + '\n');
  process.stdout.write(`figure: ${name} = ${value} ${unit}\n`);
}
