export * from './catalog';
export * from './handlers';
export * from './queue';
export * from './tick-ids';
export * from './tick-chain';
