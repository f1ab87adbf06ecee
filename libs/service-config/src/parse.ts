/**
 * Config text (YAML or JSON) or an already-parsed value → a validated `ServiceConfig`, or every
 * problem found. Never throws on bad input: the CLI prints the errors, the API returns them.
 */
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import {
  configErrorMap,
  formatPath,
  issuesFromZod,
  type ConfigError,
  type ConfigIssue,
} from './errors';
import { serviceConfigSchema, type ServiceConfig } from './schema';
import { locate, positionAt } from './yaml-locate';

export type ConfigFormat = 'yaml' | 'json';

export type ServiceConfigResult =
  { ok: true; config: ServiceConfig } | { ok: false; errors: ConfigError[] };

export interface ParseOptions {
  /** Only used to guess the format (`.json` → json, anything else → yaml). */
  fileName?: string;
  format?: ConfigFormat;
}

/** For JSON request bodies: same rules, no line numbers; the caller prefixes paths (`body.config`). */
export function validateServiceConfig(value: unknown): ServiceConfigResult {
  return validate(value, (issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

export function parseServiceConfig(text: string, options: ParseOptions = {}): ServiceConfigResult {
  const format = options.format ?? formatOf(options.fileName);
  const label = format === 'json' ? 'JSON' : 'YAML';
  const lineCounter = new LineCounter();
  // JSON is YAML 1.2, so one parser gives positions for both; JSON is still held to JSON.
  if (format === 'json') {
    const jsonError = strictJsonError(text);
    if (jsonError) return { ok: false, errors: [jsonError] };
  }
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((e) => syntaxError(e, label, lineCounter)) };
  }
  if (doc.contents === null)
    return { ok: false, errors: [{ path: '', message: `the ${label} document is empty` }] };
  let value: unknown;
  try {
    // Throws only on alias abuse (more than `maxAliasCount` expansions: a "billion laughs" file).
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return {
      ok: false,
      errors: [{ path: '', message: `${label} error: ${(error as Error).message}` }],
    };
  }
  return validate(value, (issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
    ...locate(doc, lineCounter, issue),
  }));
}

function validate(
  value: unknown,
  toError: (issue: ConfigIssue) => ConfigError,
): ServiceConfigResult {
  const result = serviceConfigSchema.safeParse(value, { error: configErrorMap });
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, errors: issuesFromZod(result.error.issues).map(toError) };
}

function formatOf(fileName: string | undefined): ConfigFormat {
  return fileName?.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
}

function syntaxError(error: YAMLError, label: string, lineCounter: LineCounter): ConfigError {
  const { line, column } = positionAt(lineCounter, error.pos[0]);
  return { path: '', message: `${label} syntax error: ${error.message}`, line, column };
}

/** YAML accepts much that JSON does not (comments, bare words, `{"a": }`): a `.json` file must be JSON. */
function strictJsonError(text: string): ConfigError | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const offset = /at position (\d+)/.exec(message)?.[1];
    if (offset === undefined) return { path: '', message: `JSON syntax error: ${message}` };
    return {
      path: '',
      message: `JSON syntax error: ${message}`,
      ...offsetToPosition(text, Number(offset)),
    };
  }
}

/** V8 reports an offset; the YAML line counter is not filled yet at this point. */
function offsetToPosition(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
