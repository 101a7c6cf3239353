export * from './types';
export * from './errors';
export * from './connection';
export * from './runtime-service';
export * from './image-service';
export * from './client';
export { startContainerd, reapStaleNodes, DEFAULT_SANDBOX_IMAGE } from './containerd/process';
export type { ContainerdOptions, ContainerdHandle } from './containerd/process';
export { missingNodeRequirements, installHint } from './containerd/requirements';
export { buildNodeImages, importImages, defaultImageCache, PAUSE_IMAGE, STATIC_HTTPD_IMAGE } from './images/build';
export type { BuiltImage } from './images/build';
export * from './logs';
// For suites elsewhere (the kubelet's) that need a real containerd: when to skip, which /24 is free.
export { realNodeSkipReason, freePodCidr } from './test/real-node';
