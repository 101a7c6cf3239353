import { isForbidden, PodObject } from '@kctl/api';
import { admitPod, DEFAULT_TOLERATION_SECONDS } from './pod-admission';

const pod = (spec: Record<string, unknown> = {}): PodObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'd' }, spec: { containers: [{ name: 'c', image: 'i' }], ...spec } });

describe('pod admission on create', () => {
  it('sets the default service account, both names alike', () => {
    const p = pod();
    admitPod(p);
    expect(p.spec).toMatchObject({ serviceAccountName: 'default', serviceAccount: 'default' });
    const named = pod({ serviceAccount: 'builder' });
    admitPod(named);
    expect(named.spec).toMatchObject({ serviceAccountName: 'builder', serviceAccount: 'builder' });
  });

  it('adds the not-ready and unreachable tolerations unless the pod tolerates them already', () => {
    const p = pod({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'x', effect: 'NoSchedule' }] });
    admitPod(p);
    expect(p.spec?.tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'x', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS },
    ]);
    const own = pod({ tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] });
    admitPod(own);
    expect(own.spec?.tolerations?.map((t) => `${t.key}:${t.tolerationSeconds}`)).toEqual(['node.kubernetes.io/unreachable:5', 'node.kubernetes.io/not-ready:300']);
    const all = pod({ tolerations: [{ operator: 'Exists' }] });
    admitPod(all);
    expect(all.spec?.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('sets priority 0 without a class and the system classes their values', () => {
    const p = pod();
    admitPod(p);
    expect(p.spec).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
    const critical = pod({ priorityClassName: 'system-node-critical' });
    admitPod(critical);
    expect(critical.spec?.priority).toBe(2000001000);
    const cluster = pod({ priorityClassName: 'system-cluster-critical', priority: 2000000000 });
    admitPod(cluster);
    expect(cluster.spec?.priority).toBe(2000000000);
  });

  it('refuses an unknown class and a priority the class does not give', () => {
    expect(() => admitPod(pod({ priorityClassName: 'high' }))).toThrow('pods "p" is forbidden: no PriorityClass with name high was found');
    let caught: unknown;
    try {
      admitPod(pod({ priority: 1000 }));
    } catch (err) {
      caught = err;
    }
    expect(isForbidden(caught)).toBe(true);
    expect((caught as Error).message).toBe('pods "p" is forbidden: the integer value of priority (1000) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name');
  });
});
