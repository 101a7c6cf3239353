import { makeNode, makePod, newState, nodeInfo } from '../../test/fixtures';
import { NodeResourcesBalancedAllocation } from './node-resources-balanced-allocation';

describe('NodeResourcesBalancedAllocation', () => {
  const plugin = new NodeResourcesBalancedAllocation();

  it('scores 100 when cpu and memory are used in the same proportion', () => {
    const pod = makePod('p', { cpu: '1', memory: '2Gi' });
    const state = newState();
    expect(plugin.score(state, pod, nodeInfo(makeNode('a', { cpu: '4', memory: '8Gi' })))).toBe(100);
  });

  it('prefers the node where the pod evens out usage', () => {
    const pod = makePod('p', { cpu: '2', memory: '1Gi' });
    const memoryHeavy = nodeInfo(makeNode('a', { cpu: '4', memory: '8Gi' }), makePod('x', { memory: '4Gi' }));
    const cpuHeavy = nodeInfo(makeNode('b', { cpu: '4', memory: '8Gi' }), makePod('y', { cpu: '1' }));
    const state = newState();
    // a: cpu 0.5, memory 0.625 → 100 * (1 - 0.0625) = 93; b: cpu 0.75, memory 0.125 → 100 * (1 - 0.3125) = 68
    expect(plugin.score(state, pod, memoryHeavy)).toBe(93);
    expect(plugin.score(state, pod, cpuHeavy)).toBe(68);
  });
});
