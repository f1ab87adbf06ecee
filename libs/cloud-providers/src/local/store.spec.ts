import { describeLocalReplicaStoreContract } from './store-contract';
import { InMemoryLocalReplicaStore } from './store';

describeLocalReplicaStoreContract('in memory', async () => ({
  store: new InMemoryLocalReplicaStore(),
  cleanup: async () => undefined,
}));
