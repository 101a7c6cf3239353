import { formatTime } from '@kctl/api';
import type { PodObject } from '@kctl/api';
import { excessTerminatedPods, podsOnMissingNodes, unscheduledTerminatingPods } from './util';

const T0 = Date.UTC(2026, 0, 1);

function pod(name: string, options: { node?: string; phase?: string; created?: number; deleting?: boolean } = {}): PodObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', creationTimestamp: formatTime(options.created ?? T0), ...(options.deleting ? { deletionTimestamp: formatTime(T0) } : {}) },
    spec: { containers: [], ...(options.node ? { nodeName: options.node } : {}) },
    status: { phase: options.phase ?? 'Running' },
  };
}
const names = (pods: PodObject[]): string[] => pods.map((p) => p.metadata.name ?? '');

describe('pod GC decisions', () => {
  it('picks pods bound to unknown nodes, deleting or not, and leaves unbound ones', () => {
    const pods = [pod('a', { node: 'gone' }), pod('b', { node: 'here' }), pod('c'), pod('d', { node: 'gone', deleting: true })];
    expect(names(podsOnMissingNodes(pods, (n) => n === 'here'))).toEqual(['a', 'd']);
  });

  it('picks deleting pods that were never bound', () => {
    expect(names(unscheduledTerminatingPods([pod('a', { deleting: true }), pod('b', { node: 'n', deleting: true }), pod('c')]))).toEqual(['a']);
  });

  it('picks the oldest terminated pods above the threshold', () => {
    const pods = [
      pod('new', { phase: 'Succeeded', created: T0 + 3_000 }),
      pod('old', { phase: 'Failed', created: T0 + 1_000 }),
      pod('running', { created: T0 }),
      pod('mid', { phase: 'Succeeded', created: T0 + 2_000 }),
    ];
    expect(names(excessTerminatedPods(pods, 1))).toEqual(['old', 'mid']);
    expect(names(excessTerminatedPods(pods, 3))).toEqual([]);
    expect(names(excessTerminatedPods(pods, 0))).toEqual([]);
  });

  it('does not pick a terminated pod already being deleted again', () => {
    const pods = [pod('a', { phase: 'Failed', created: T0, deleting: true }), pod('b', { phase: 'Failed', created: T0 + 1 })];
    expect(names(excessTerminatedPods(pods, 1))).toEqual(['b']);
  });
});
