import { PodObject } from '@kctl/api';
import { NodeInfo } from '../cache/node-info';
import { defaultProfile, inTreeRegistry } from '../plugins/registry';
import { makeNode, makePod, nodeInfo } from '../test/fixtures';

import { CycleState } from './cycle-state';
import { Framework, numFeasibleNodesToFind } from './framework';
import { FilterPlugin, FrameworkHandle, Profile, Registry, ScorePlugin } from './interfaces';
import { error, Status, success, unschedulable } from './status';

const handle = (nodes: NodeInfo[] = []): FrameworkHandle => ({ nodeInfos: () => nodes, getNodeInfo: (n) => nodes.find((i) => i.name === n) });

/** A filter that records which nodes it saw and rejects the names in `reject`. */
class Recorder implements FilterPlugin {
  readonly name = 'Recorder';
  seen: string[] = [];
  constructor(private readonly reject: Set<string> = new Set()) {}
  filter(_s: CycleState, _p: PodObject, n: NodeInfo): Status {
    this.seen.push(n.name);
    return this.reject.has(n.name) ? unschedulable('rejected') : success();
  }
}

class Fixed implements ScorePlugin {
  constructor(
    readonly name: string,
    private readonly scores: Record<string, number>,
  ) {}
  score(_s: CycleState, _p: PodObject, n: NodeInfo): number {
    return this.scores[n.name] ?? 0;
  }
}

const nodes = (n: number): NodeInfo[] => Array.from({ length: n }, (_, i) => nodeInfo(makeNode(`n${i}`)));

describe('numFeasibleNodesToFind', () => {
  it('filters every node in small clusters', () => {
    expect(numFeasibleNodesToFind(3)).toBe(3);
    expect(numFeasibleNodesToFind(99)).toBe(99);
  });

  it('uses the adaptive percentage: 50% - nodes/125, at least 5%, at least 100 nodes', () => {
    expect(numFeasibleNodesToFind(100)).toBe(100);
    expect(numFeasibleNodesToFind(1000)).toBe(420);
    expect(numFeasibleNodesToFind(5000)).toBe(500);
    expect(numFeasibleNodesToFind(200)).toBe(100);
  });

  it('honours an explicit percentage', () => {
    expect(numFeasibleNodesToFind(1000, 100)).toBe(1000);
    expect(numFeasibleNodesToFind(1000, 20)).toBe(200);
    expect(numFeasibleNodesToFind(1000, 1)).toBe(100);
  });
});

describe('Framework', () => {
  it('stops filtering once enough feasible nodes are found and starts the next cycle where it stopped', () => {
    const recorder = new Recorder();
    const registry: Registry = { Recorder: () => recorder };
    const fw = new Framework({ registry, profile: { filters: ['Recorder'], scores: [] }, handle: handle(), random: () => 0 });
    const all = nodes(1000);
    const first = fw.schedulePod(makePod('a'), all);
    expect(first.ok && first.evaluatedNodes).toBe(420);
    expect(recorder.seen[0]).toBe('n0');
    recorder.seen = [];
    fw.schedulePod(makePod('b'), all);
    expect(recorder.seen[0]).toBe('n420');
    recorder.seen = [];
    fw.schedulePod(makePod('c'), all);
    expect(recorder.seen[0]).toBe('n840');
    expect(recorder.seen[419]).toBe('n259'); // wrapped around
  });

  it('looks at every node before giving up and reports why each failed', () => {
    const recorder = new Recorder(new Set(['n0', 'n1', 'n2']));
    const fw = new Framework({ registry: { Recorder: () => recorder }, profile: { filters: ['Recorder'], scores: [] }, handle: handle() });
    const result = fw.schedulePod(makePod('a'), nodes(3));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('Unschedulable');
      expect(result.message).toBe('0/3 nodes are available: 3 rejected.');
      expect([...result.diagnosis.unschedulablePlugins]).toEqual(['Recorder']);
    }
  });

  it('sums weighted scores and picks the best node', () => {
    const registry: Registry = {
      Recorder: () => new Recorder(),
      A: () => new Fixed('A', { n0: 100, n1: 0, n2: 50 }),
      B: () => new Fixed('B', { n0: 0, n1: 100, n2: 60 }),
    };
    const pick = (profile: Profile): string | undefined => {
      const r = new Framework({ registry, profile, handle: handle() }).schedulePod(makePod('a'), nodes(3));
      return r.ok ? r.nodeName : undefined;
    };
    expect(pick({ filters: ['Recorder'], scores: [{ name: 'A', weight: 1 }, { name: 'B', weight: 1 }] })).toBe('n2'); // 100, 100, 110
    expect(pick({ filters: ['Recorder'], scores: [{ name: 'A', weight: 3 }, { name: 'B', weight: 1 }] })).toBe('n0'); // 300, 100, 210
  });

  it('breaks ties at random among the best nodes (reservoir sampling)', () => {
    const fw = (random: () => number): Framework => new Framework({ registry: inTreeRegistry, profile: defaultProfile, handle: handle(), random });
    expect(fw(() => 0).selectHost([5, 9, 9, 1, 9])).toBe(4);
    expect(fw(() => 0.99).selectHost([5, 9, 9, 1, 9])).toBe(1);
    const counts = [0, 0, 0];
    const f = fw(Math.random);
    for (let i = 0; i < 3000; i++) counts[f.selectHost([7, 7, 7])]!++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });

  it('turns a filter error into an Error result', () => {
    const broken: FilterPlugin = { name: 'Broken', filter: () => error('boom') };
    const fw = new Framework({ registry: { Broken: () => broken }, profile: { filters: ['Broken'], scores: [] }, handle: handle() });
    const result = fw.schedulePod(makePod('a'), nodes(2));
    expect(result.ok === false && result.code).toBe('Error');
    expect(result.ok === false && result.message).toContain('boom');
  });

  it('rejects unknown plugins and plugins without the needed extension point', () => {
    expect(() => new Framework({ registry: inTreeRegistry, profile: { filters: ['Nope'], scores: [] }, handle: handle() })).toThrow(/unknown scheduler plugin "Nope"/);
    expect(() => new Framework({ registry: inTreeRegistry, profile: { filters: ['SelectorSpread'], scores: [] }, handle: handle() })).toThrow(/has no filter/);
  });

  it('schedules with the default profile: filters, then spreading by owner', () => {
    const fw = new Framework({ registry: inTreeRegistry, profile: defaultProfile, handle: handle() });
    const infos = [
      nodeInfo(makeNode('a'), makePod('x1', { owner: 'rs' })),
      nodeInfo(makeNode('b', { unschedulable: true })),
      nodeInfo(makeNode('c')),
    ];
    const result = fw.schedulePod(makePod('p', { owner: 'rs' }), infos);
    expect(result.ok && result.nodeName).toBe('c');
    const big = fw.schedulePod(makePod('q', { cpu: '100' }), infos);
    expect(big.ok === false && big.message).toBe('0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.');
  });
});
