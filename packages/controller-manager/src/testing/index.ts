// Test helpers others can reuse: simulated nodes for integration tests, and an
// in-memory apiserver with informers for unit tests of controllers.
export { startSimulatedNodes } from './simulated-nodes';
export type { SimulatedNodes, SimulatedNodesOptions } from './simulated-nodes';
export { FakeApi, FakeInformer, FakeRecorder, mergePatch } from './fake-api';
export type { FakeAction, FakeApiOptions } from './fake-api';
