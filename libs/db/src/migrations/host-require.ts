import { runInThisContext } from 'node:vm';

/*
 * Node's own `require` and `WebAssembly`, even when this file runs inside a Jest test.
 *
 * WHY: the schema engine's JavaScript glue is an ES module. Plain Node ≥ 20.19 can `require()`
 * it, but Jest on Node 20 evaluates test files in a `vm` context whose module registry cannot
 * load ES modules without `--experimental-vm-modules`, and it patches `module.createRequire`
 * and `process.getBuiltinModule` to route back into that registry. `vm.runInThisContext`
 * evaluates in the host context, so it hands back the host's real `process` (in plain Node
 * that is simply `process`), whose `getBuiltinModule('node:module')` is not patched.
 *
 * Everything the engine touches (glue, wasm instance, `pg` adapter, adapter-utils) must come
 * from this one realm: the glue checks `instanceof Promise` / `instanceof Map` on values the
 * adapter returns, and such checks fail across realms.
 */

export const hostRequire: NodeJS.Require = (() => {
  const hostProcess = runInThisContext('process') as NodeJS.Process;
  return hostProcess.getBuiltinModule('node:module').createRequire(__filename);
})();

/** The subset of the WebAssembly API used here (the ES2023 lib we compile against has none). */
export interface HostWebAssembly {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: Record<string, object>,
  ) => { exports: Record<string, unknown> };
}

export const hostWebAssembly = runInThisContext('WebAssembly') as HostWebAssembly;

/** The host's `globalThis`, where the glue looks up `global.*` (Jest gives tests another one). */
export const hostGlobal = runInThisContext('globalThis') as Record<string, unknown>;
