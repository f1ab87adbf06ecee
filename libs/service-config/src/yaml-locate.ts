/**
 * Finds where a config path lives in the YAML (or JSON) text, so errors carry a line and
 * column. A path that does not exist (a missing key) points at the closest existing parent.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import type { ConfigIssue } from './errors';

export interface Position {
  line: number;
  column: number;
}

export function locate(
  doc: Document,
  lineCounter: LineCounter,
  issue: ConfigIssue,
): Position | undefined {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (const segment of issue.path) {
    const current = resolve(doc, node);
    let next: unknown;
    if (isMap(current)) {
      const pair = current.items.find((p) => keyText(p.key) === String(segment));
      if (pair) {
        keyNode = pair.key;
        // `key:` with nothing after it has no value node worth pointing at: use the key.
        next = pair.value ?? pair.key;
      }
    } else if (isSeq(current) && typeof segment === 'number') {
      next = current.items[segment];
      keyNode = undefined;
    }
    if (next === undefined || next === null) return positionOf(lineCounter, current);
    node = next;
  }
  return positionOf(lineCounter, issue.at === 'key' && keyNode ? keyNode : node);
}

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function positionOf(lineCounter: LineCounter, node: unknown): Position | undefined {
  const range = (node as { range?: [number, number, number] | null } | null)?.range;
  if (!range) return undefined;
  const { line, col } = lineCounter.linePos(range[0]);
  return { line, column: col };
}

/** Offset → 1-based line/column, for syntax errors that only know an offset. */
export function positionAt(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}
