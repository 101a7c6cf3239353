export * from './api-client';
export * from './grpc-status';
export * from './proto';
export * from './retry';
export * from './health';
