import { makeNode, makePod, newState, nodeInfo } from '../../test/fixtures';
import { NodeResourcesFit } from './node-resources-fit';

describe('NodeResourcesFit', () => {
  const plugin = new NodeResourcesFit();
  const run = (pod: ReturnType<typeof makePod>, info: ReturnType<typeof nodeInfo>): { code: string; reasons: readonly string[] } => {
    const state = newState();
    return plugin.filter(state, pod, info);
  };

  it('fits a pod into free room', () => {
    const node = nodeInfo(makeNode('n', { cpu: '4', memory: '8Gi' }), makePod('a', { cpu: '2', memory: '4Gi' }));
    expect(run(makePod('p', { cpu: '2', memory: '4Gi' }), node).code).toBe('Success');
  });

  it('reports Insufficient cpu and memory, counting the pods already there', () => {
    const node = nodeInfo(makeNode('n', { cpu: '4', memory: '8Gi' }), makePod('a', { cpu: '3', memory: '7Gi' }));
    const status = run(makePod('p', { cpu: '1500m', memory: '2Gi' }), node);
    expect(status.code).toBe('Unschedulable');
    expect(status.reasons).toEqual(['Insufficient cpu', 'Insufficient memory']);
  });

  it('answers unresolvable when the request exceeds the whole node', () => {
    const status = run(makePod('p', { cpu: '100' }), nodeInfo(makeNode('n')));
    expect(status.code).toBe('UnschedulableAndUnresolvable');
    expect(status.reasons).toEqual(['Insufficient cpu']);
  });

  it('reports Too many pods at the pod limit, even for pods that request nothing', () => {
    const node = nodeInfo(makeNode('n', { pods: '2' }), makePod('a'), makePod('b'));
    expect(run(makePod('p'), node).reasons).toEqual(['Too many pods']);
    expect(run(makePod('p'), nodeInfo(makeNode('n', { pods: '3' }), makePod('a'), makePod('b'))).code).toBe('Success');
  });

  it('sums containers and takes the largest init container when it is more', () => {
    const node = nodeInfo(makeNode('n', { cpu: '2' }));
    expect(run(makePod('p', { cpu: '1', moreContainers: [{ cpu: '1' }] }), node).code).toBe('Success');
    expect(run(makePod('p', { cpu: '1', moreContainers: [{ cpu: '1100m' }] }), node).reasons).toEqual(['Insufficient cpu']);
    expect(run(makePod('p', { cpu: '500m', initContainers: [{ cpu: '2' }, { cpu: '1' }] }), node).code).toBe('Success');
    expect(run(makePod('p', { cpu: '500m', initContainers: [{ cpu: '2500m' }] }), node).reasons).toEqual(['Insufficient cpu']);
  });

  it('counts limits as requests when no request is given', () => {
    const node = nodeInfo(makeNode('n', { memory: '1Gi' }));
    expect(run(makePod('p', { limits: { memory: '2Gi' } }), node).reasons).toEqual(['Insufficient memory']);
  });

  it('checks extended resources', () => {
    const gpuNode = nodeInfo(makeNode('n', { extra: { 'example.com/gpu': '1' } }), makePod('a', { requests: { 'example.com/gpu': '1' } }));
    expect(run(makePod('p', { requests: { 'example.com/gpu': '1' } }), gpuNode).reasons).toEqual(['Insufficient example.com/gpu']);
    expect(run(makePod('p', { requests: { 'example.com/gpu': '1' } }), nodeInfo(makeNode('m'))).code).toBe('UnschedulableAndUnresolvable');
  });

  it('works without PreFilter state', () => {
    expect(plugin.filter(newState(), makePod('p', { cpu: '8' }), nodeInfo(makeNode('n'))).reasons).toEqual(['Insufficient cpu']);
  });
});
