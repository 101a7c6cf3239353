// Shared integration-test fixtures: a real etcd and apiserver on loopback with
// a client, and a polling helper for waiting on states.
export * from './control-plane';
export * from './eventually';
export * from './tcp-proxy';
