// Types and helpers every component shares: one home, so none keeps a copy.
export * from './types';
export * from './meta';
export * from './time';
export * from './conditions';
export * from './annotations';
export * from './pod';
export * from './qos';
export * from './node';
export * from './service';
