export * from './types';
export * from './aws-instance-types';
export * from './gcp-machine-types';
export * from './validate-compute';
