// @kctl/scheduler: places pods on nodes. Run it with start(options), or embed
// the pieces: the queue, the cache, the framework and the plugins.
export * from './start';
export * from './scheduler';
export * from './api';
export * from './types';
export * from './resources';
export * from './cache/cache';
export * from './cache/node-info';
export * from './queue/scheduling-queue';
export * from './framework/status';
export * from './framework/cycle-state';
export * from './framework/interfaces';
export * from './framework/framework';
export * from './framework/fit-error';
export * from './framework/normalize';
export { inTreeRegistry, defaultProfile } from './plugins/registry';
