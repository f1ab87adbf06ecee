/** Read-only all the way down: what readers of a shared routing table may do with it. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * Freezes a plain JSON value in place and returns it. A gateway may hold a table for the whole
 * life of a request while the subscriber swaps in newer ones; freezing turns an accidental
 * mutation of a shared entry (which every concurrent request would see) into a TypeError.
 */
export function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value as DeepReadonly<T>;
}
