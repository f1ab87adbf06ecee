import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeProviderConformance } from '../conformance';
import { createSimProvider } from './provider';
import { FileSimStore, InMemorySimStore, type SimStore } from './store';

function simHarness(makeStore: () => { store: SimStore; cleanup(): Promise<void> }, readyAfterMs: number, nodeStartMs: number) {
  return async () => {
    let now = 1_700_000_000_000;
    const { store, cleanup } = makeStore();
    const provider = createSimProvider({ store, clock: () => now, readyAfterMs, nodeStartMs });
    return {
      provider,
      advance: (ms: number) => {
        now += ms;
      },
      cleanup,
    };
  };
}

const memory = () => ({ store: new InMemorySimStore(), cleanup: async () => undefined });
const file = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-conformance-'));
  return { store: new FileSimStore(dir), cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
};

describeProviderConformance('sim, in-memory store, instant start', simHarness(memory, 0, 0));
describeProviderConformance('sim, in-memory store, 5 s replica / 3 s node start', simHarness(memory, 5_000, 3_000));
describeProviderConformance('sim, file store, 2 s replica start', simHarness(file, 2_000, 1_000));
