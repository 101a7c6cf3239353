export * from './resources';
export * from './errors';
export * from './types';
export * from './selectors';
export * from './quantity';
export * from './validation';
export * from './defaults';
export * from './duration';
