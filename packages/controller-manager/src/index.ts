// @kctl/controller-manager: the Deployment, ReplicaSet and garbage-collector
// controllers, and start() to run them (with leader election) as a library or
// through main.ts as a process.
export { start, LEASE_NAME, LEASE_NAMESPACE } from './manager';
export type { ControllerManagerOptions, ControllerManagerHandle, LeaderElectionConfig } from './manager';
export { CONTROLLERS, CONTROLLER_NAMES, resolveControllers } from './controllers/registry';
export type { Controller, ControllerContext } from './controllers/types';
export { ReplicaSetController } from './controllers/replicaset/controller';
export { DeploymentController, syncDeployment } from './controllers/deployment/controller';
export { GarbageCollector, DEFAULT_GC_RESOURCES } from './controllers/garbagecollector/controller';
export { parseFlags, parseDuration } from './options';
export type { ControllerClient, InformerSource, Lister, Logger, Recorder, SharedInformer } from './util/client-types';
export { silentLogger, consoleLogger } from './util/client-types';
export * as testing from './testing';
