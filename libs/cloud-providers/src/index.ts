export * from './port';
export * from './sim';
export * from './conformance';
