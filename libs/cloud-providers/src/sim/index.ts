export * from './faults';
export * from './state';
export * from './store';
export * from './provider';
export * from './env';
