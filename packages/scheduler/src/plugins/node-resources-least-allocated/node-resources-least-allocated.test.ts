import { makeNode, makePod, newState, nodeInfo } from '../../test/fixtures';
import { leastRequested, NodeResourcesLeastAllocated } from './node-resources-least-allocated';

describe('NodeResourcesLeastAllocated', () => {
  const plugin = new NodeResourcesLeastAllocated();

  it('computes (capacity - requested) * 100 / capacity', () => {
    expect(leastRequested(0, 4000)).toBe(100);
    expect(leastRequested(1000, 4000)).toBe(75);
    expect(leastRequested(5000, 4000)).toBe(0);
    expect(leastRequested(0, 0)).toBe(0);
  });

  it('favors the node with more free cpu and memory', () => {
    const pod = makePod('p', { cpu: '1', memory: '2Gi' });
    const empty = nodeInfo(makeNode('a', { cpu: '4', memory: '8Gi' }));
    const busy = nodeInfo(makeNode('b', { cpu: '4', memory: '8Gi' }), makePod('x', { cpu: '2', memory: '4Gi' }));
    const state = newState();
    expect(plugin.score(state, pod, empty)).toBe(75); // cpu 75, memory 75
    expect(plugin.score(state, pod, busy)).toBe(25);
  });

  it('counts pods without requests as 100m cpu and 200Mi memory', () => {
    const pod = makePod('p');
    const node = nodeInfo(makeNode('a', { cpu: '1', memory: '1000Mi' }));
    // cpu: (1000-100)*100/1000 = 90; memory: (1000-200)*100/1000 = 80
    expect(plugin.score(newState(), pod, node)).toBe(85);
  });
});
