import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import type { bindMigrationAwareSqlAdapterFactory as BindFactory } from '@prisma/driver-adapter-utils';
import { ClosingPgAdapterFactory } from './adapter-factory';
import { SchemaEngineError } from './errors';
import { defaultPrismaPaths } from './paths';
import { hostGlobal, hostRequire, hostWebAssembly } from './host-require';

type Glue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

export interface LoadedSchemaEngine {
  readonly engine: SchemaEngine;
  /** Frees the engine and ends every connection it opened; scripts exit right after. */
  close(): Promise<void>;
}

export interface SchemaEngineOptions {
  /**
   * Schema files the engine starts with (it panics on none). Defaults to the repo's
   * prisma/schema.prisma; commands such as diff take their schemas as arguments anyway.
   */
  datamodels?: Array<[fileName: string, content: string]>;
  /** Engine log lines (JSON). Discarded by default: the engine is chatty at INFO. */
  onLog?: (line: string) => void;
}

/** Switchyard's database holds no tables or enums that Prisma does not manage. */
export const NO_EXTERNAL_ENTITIES: SchemaFilter = { externalTables: [], externalEnums: [] };

/**
 * One wasm instance per process, kept on the host's global object rather than in this module:
 * Jest gives every test file a fresh copy of this module but shares the host's (cached) glue,
 * and instantiating again would swap the wasm under an engine that is still running.
 */
interface WasmState {
  glue: Glue;
  /** The message of the engine's last Rust panic; the panic itself surfaces as "unreachable". */
  lastPanic?: string;
}
const STATE_KEY = Symbol.for('switchyard.schema-engine-wasm');

/**
 * The package's entry point does `import * as wasm from "./schema_engine_bg.wasm"`, which
 * Node 20 cannot load without `--experimental-wasm-modules`. Its `_bg.js` glue is a plain ES
 * module, so we load that and do the entry point's three lines ourselves.
 */
function wasmState(): WasmState {
  const host = hostGlobal as Record<symbol, WasmState | undefined>;
  const existing = host[STATE_KEY];
  if (existing) return existing;
  const gluePath = hostRequire.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = hostRequire(gluePath) as Glue;
  const state: WasmState = { glue };
  // A Rust panic reports its message through this global before trapping (the Prisma CLI
  // installs it); without it the panic hook throws a TypeError that hides the message.
  hostGlobal['PRISMA_WASM_PANIC_REGISTRY'] = {
    set_message(message: string) {
      state.lastPanic = message;
      // Some panics trap inside a microtask and crash the process before any catch runs.
      process.stderr.write(`schema engine panic: ${message}\n`);
    },
  };
  const wasmModule = new hostWebAssembly.Module(
    readFileSync(join(dirname(gluePath), 'schema_engine_bg.wasm')),
  );
  const instance = new hostWebAssembly.Instance(wasmModule, {
    './schema_engine_bg.js': withUnrefTimers(glue),
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  host[STATE_KEY] = state;
  return state;
}

/**
 * The engine races its database work against timers (e.g. the 10 s advisory-lock timeout) and
 * never clears the loser, so every command left a script alive for 10 s after it finished.
 * Its timers are unref'd: while a command runs, its open `pg` connections keep the process up.
 */
function withUnrefTimers(imports: Glue): object {
  const patched: Record<string, unknown> = { ...imports };
  // The host's timers, like the rest of the engine: a test's fake timers must not stall it.
  const hostSetTimeout = hostGlobal['setTimeout'] as typeof setTimeout;
  for (const name of Object.keys(imports).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
    patched[name] = (callback: () => void, ms: number) => {
      const timer = hostSetTimeout(callback, ms >>> 0);
      timer.unref();
      return timer;
    };
  }
  return patched;
}

/** A WebAssembly schema engine talking to Postgres through `@prisma/adapter-pg`. */
export async function loadSchemaEngine(
  connectionString: string,
  options: SchemaEngineOptions = {},
): Promise<LoadedSchemaEngine> {
  const { SchemaEngine } = wasmState().glue;
  const { bindMigrationAwareSqlAdapterFactory } = hostRequire('@prisma/driver-adapter-utils') as {
    bindMigrationAwareSqlAdapterFactory: typeof BindFactory;
  };
  const factory = new ClosingPgAdapterFactory(connectionString);
  const onLog = options.onLog ?? (() => undefined);
  let engine: SchemaEngine;
  try {
    // The engine expects adapter calls to return Result objects; the bound factory wraps them.
    engine = await SchemaEngine.new(
      { datamodels: options.datamodels ?? defaultDatamodels() },
      onLog,
      bindMigrationAwareSqlAdapterFactory(factory),
    );
  } catch (error) {
    await factory.closeAll();
    throw toEngineError('new', error);
  }
  let closed = false;
  return {
    engine,
    async close() {
      if (closed) return;
      closed = true;
      engine.free();
      await factory.closeAll();
    },
  };
}

function defaultDatamodels(): Array<[string, string]> {
  const { schemaFile } = defaultPrismaPaths();
  return [[basename(schemaFile), readFileSync(schemaFile, 'utf8')]];
}

/** Runs `command` on a fresh engine and always closes it. */
export async function withSchemaEngine<T>(
  connectionString: string,
  options: SchemaEngineOptions,
  command: string,
  run: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const loaded = await loadSchemaEngine(connectionString, options);
  try {
    return await run(loaded.engine);
  } catch (error) {
    throw toEngineError(command, error);
  } finally {
    await loaded.close();
  }
}

/** Engine rejections are plain objects or Errors from another realm: normalise to one class. */
function toEngineError(command: string, error: unknown): SchemaEngineError {
  if (error instanceof SchemaEngineError) return error;
  const state = wasmState();
  const panic = state.lastPanic;
  state.lastPanic = undefined;
  const message =
    typeof error === 'object' && error !== null && 'message' in error
      ? String(error.message)
      : String(error);
  return new SchemaEngineError(command, panic ? `engine panicked: ${panic}` : message, {
    cause: error,
  });
}
