/**
 * Config problems as one flat list: zod issues (and YAML syntax errors) become
 * `{ path, message, line?, column? }` with paths like `applications[0].deployments[1].name`.
 */
import { z } from 'zod';

export interface ConfigError {
  /** `applications[0].deployments[1].num_replicas`; empty for the document itself. */
  path: string;
  message: string;
  /** 1-based, only when the config came in as text. */
  line?: number;
  column?: number;
}

export type PathSegment = string | number;

/** A problem before it has a line: the YAML locator still needs the raw path segments. */
export interface ConfigIssue {
  path: PathSegment[];
  message: string;
  /** Point at the key itself (unknown or invalid key) rather than at its value. */
  at: 'value' | 'key';
}

/** Per-parse messages: shorter than zod's defaults, and "Required" instead of "received undefined". */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'Required';
  return `Expected ${issue.expected}, received ${describe(issue.input)}`;
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Flattens zod's issues: one entry per unknown key, unions resolved to the branch that applies. */
export function issuesFromZod(
  issues: readonly z.core.$ZodIssue[],
  prefix: PathSegment[] = [],
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map(toSegment)];
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys)
          out.push({ path: [...path, key], message: `Unknown key "${key}"`, at: 'key' });
        break;
      case 'invalid_key': {
        const key = String(path[path.length - 1]);
        const reason = issue.issues.map((inner) => inner.message).join('; ');
        out.push({ path, message: `Invalid key "${key}": ${reason}`, at: 'key' });
        break;
      }
      case 'invalid_union': {
        const branch = applicableBranch(issue.errors);
        if (branch) out.push(...issuesFromZod(branch, path));
        else out.push({ path, message: issue.message, at: 'value' });
        break;
      }
      default:
        out.push({ path, message: issue.message, at: 'value' });
    }
  }
  return out;
}

/**
 * `compute_config` is a string or a mapping. When a mapping fails, zod reports both branches;
 * the branch whose own type matched (no type error at its root) is the one the user meant.
 */
function applicableBranch(branches: z.core.$ZodIssue[][]): z.core.$ZodIssue[] | undefined {
  const matching = branches.filter(
    (issues) => !issues.some((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  return matching.length === 1 ? matching[0] : undefined;
}

function toSegment(part: PropertyKey): PathSegment {
  return typeof part === 'number' ? part : String(part);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `['applications', 0, 'name']` → `applications[0].name`; odd keys are quoted: `env_vars["a-b"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (IDENTIFIER.test(part)) out += `${out ? '.' : ''}${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** For the API: `prefixConfigErrors(errors, 'body.config')` → `body.config.applications[0].name`. */
export function prefixConfigErrors(errors: readonly ConfigError[], prefix: string): ConfigError[] {
  return errors.map((e) => ({
    ...e,
    path: !e.path ? prefix : e.path.startsWith('[') ? `${prefix}${e.path}` : `${prefix}.${e.path}`,
  }));
}

/**
 * For the CLI, one line each, compiler style so editors can jump to it:
 * `svc.yaml:12:7: applications[0].deployments[0].num_replicas: Expected number, received string`.
 */
export function formatConfigErrors(errors: readonly ConfigError[], fileName: string): string {
  return errors
    .map((e) => {
      const where = e.line !== undefined ? `${fileName}:${e.line}:${e.column ?? 1}` : fileName;
      return e.path ? `${where}: ${e.path}: ${e.message}` : `${where}: ${e.message}`;
    })
    .join('\n');
}
