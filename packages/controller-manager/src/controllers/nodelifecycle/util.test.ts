import { formatMicroTime, formatTime } from '@kctl/api';
import type { LeaseObject, NodeCondition, NodeObject, Taint } from '@kctl/api';
import { lastHeartbeat, msUntilSilent, reconcileTaints, silentConditions, wantedLifecycleTaints } from './util';

const T0 = Date.UTC(2026, 0, 1);
const GRACE = 50_000;

function node(ready: string | undefined, options: { heartbeat?: number; taints?: Taint[]; created?: number } = {}): NodeObject {
  const conditions: NodeCondition[] = ready ? [{ type: 'Ready', status: ready, reason: 'KubeletReady', lastHeartbeatTime: formatTime(options.heartbeat ?? T0), lastTransitionTime: formatTime(T0) }] : [];
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', creationTimestamp: formatTime(options.created ?? T0) }, spec: { taints: options.taints }, status: { conditions } };
}
const lease = (renewed: number): LeaseObject => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'n1', namespace: 'kube-node-lease' }, spec: { renewTime: formatMicroTime(renewed) } });

describe('node lifecycle: is the kubelet silent', () => {
  it('takes the Lease renewal over the Ready heartbeat when there is a Lease', () => {
    expect(lastHeartbeat(node('True', { heartbeat: T0 }), lease(T0 + 30_000))).toBe(T0 + 30_000);
  });

  it('falls back to the Ready heartbeat, then to the creation time', () => {
    expect(lastHeartbeat(node('True', { heartbeat: T0 + 7_000 }), undefined)).toBe(T0 + 7_000);
    expect(lastHeartbeat(node(undefined, { created: T0 + 3_000 }), undefined)).toBe(T0 + 3_000);
  });

  it('counts a node silent once the grace period has passed since the heartbeat', () => {
    expect(msUntilSilent(T0, T0 + 49_999, GRACE)).toBe(1);
    expect(msUntilSilent(T0, T0 + 50_000, GRACE)).toBe(0);
    expect(msUntilSilent(T0, T0 + 60_000, GRACE)).toBeLessThan(0);
    expect(msUntilSilent(undefined, T0, GRACE)).toBe(0);
  });
});

describe('node lifecycle: conditions of a silent node', () => {
  const now = T0 + 60_000;

  it('sets Ready and the pressure conditions Unknown as Kubernetes words it, keeping heartbeats', () => {
    const conditions: NodeCondition[] = [
      { type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: formatTime(T0), lastTransitionTime: formatTime(T0) },
      { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: formatTime(T0), lastTransitionTime: formatTime(T0) },
      { type: 'NetworkUnavailable', status: 'False' },
    ];
    const next = silentConditions(conditions, now)!;
    const ready = next.find((c) => c.type === 'Ready')!;
    expect(ready).toEqual({ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: formatTime(T0), lastTransitionTime: formatTime(now) });
    expect(next.find((c) => c.type === 'MemoryPressure')!.status).toBe('Unknown');
    expect(next.find((c) => c.type === 'NetworkUnavailable')!.status).toBe('False');
    expect(next.some((c) => c.type === 'DiskPressure')).toBe(false);
  });

  it('adds a Ready condition for a kubelet that never posted one', () => {
    expect(silentConditions([], now)).toEqual([expect.objectContaining({ type: 'Ready', status: 'Unknown', reason: 'NodeStatusNeverUpdated' })]);
  });

  it('changes nothing when the conditions already say Unknown', () => {
    const once = silentConditions(node('True').status!.conditions, now)!;
    expect(silentConditions(once, now + 5_000)).toBeUndefined();
  });
});

describe('node lifecycle: taints', () => {
  const now = T0 + 60_000;

  it('wants unreachable taints while Ready is Unknown, not-ready while False, none while True', () => {
    expect(wantedLifecycleTaints(node('Unknown'))).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
    ]);
    expect(wantedLifecycleTaints(node('False')).map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/not-ready:NoSchedule']);
    expect(wantedLifecycleTaints(node('True'))).toEqual([]);
  });

  it('adds missing taints, stamping the NoExecute one with timeAdded, and keeps taints it does not own', () => {
    const own: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
    expect(reconcileTaints([own], wantedLifecycleTaints(node('Unknown')), now)).toEqual([
      own,
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: formatTime(now) },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
    ]);
  });

  it('swaps unreachable for not-ready and removes both once Ready is True', () => {
    const unreachable = reconcileTaints([], wantedLifecycleTaints(node('Unknown')), now)!;
    const notReady = reconcileTaints(unreachable, wantedLifecycleTaints(node('False')), now + 1_000)!;
    expect(notReady.map((t) => t.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/not-ready']);
    expect(reconcileTaints(notReady, wantedLifecycleTaints(node('True')), now + 2_000)).toEqual([]);
  });

  it('changes nothing when the taints are already right, keeping the first timeAdded', () => {
    const once = reconcileTaints([], wantedLifecycleTaints(node('Unknown')), now)!;
    expect(reconcileTaints(once, wantedLifecycleTaints(node('Unknown')), now + 30_000)).toBeUndefined();
    expect(reconcileTaints(undefined, [], now)).toBeUndefined();
  });
});
