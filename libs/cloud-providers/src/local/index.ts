export * from './records';
export * from './store';
export * from './ports';
export * from './options';
export * from './provider';
export { LocalSupervisor } from './supervisor';
export { replicaIdFor } from './replica-records';
export {
  readReplicaLogs,
  replicaLogPath,
  type ReadReplicaLogsInput,
  type ReplicaLogs,
} from './replica-logs';
export {
  decideReplicas,
  wantedReplicas,
  type AutoscaleInput,
  type AutoscaleOutcome,
} from './autoscale-decision';
export { processStartTime, isSameProcess, readProcStat, pidsWithEnv } from './proc';
export { describeLocalReplicaStoreContract } from './store-contract';
export {
  createLocalRig,
  fixtureCommand,
  killRecordedReplicas,
  liveGroupsOf,
  FAST_TIMINGS,
  REPLICA_FIXTURE,
  type LocalRig,
} from './testing/rig';
