import { StatusCause } from '../errors';
import { POD_UPDATE_FORBIDDEN, validatePodUpdate } from './pod-update';

type Json = Record<string, unknown>;

const pod = (spec: Json): Json => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'd' }, spec });
const base = (): Json => ({
  containers: [{ name: 'main', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }],
  initContainers: [{ name: 'init', image: 'busybox:1' }],
  tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
  activeDeadlineSeconds: 600,
  schedulingGates: [{ name: 'a' }, { name: 'b' }],
  restartPolicy: 'Always',
});

function problems(change: (spec: Json) => void): string[] {
  const next = base();
  change(next);
  const errs: StatusCause[] = [];
  validatePodUpdate(pod(next), pod(base()), errs);
  return errs.map((e) => `${e.field}: ${e.message}`);
}

describe('validatePodUpdate', () => {
  it('lets images, a lower activeDeadlineSeconds, added tolerations and removed gates through', () => {
    expect(problems(() => undefined)).toEqual([]);
    expect(problems((s) => ((s['containers'] as Json[])[0]!['image'] = 'nginx:1.28'))).toEqual([]);
    expect(problems((s) => ((s['initContainers'] as Json[])[0]!['image'] = 'busybox:2'))).toEqual([]);
    expect(problems((s) => (s['activeDeadlineSeconds'] = 60))).toEqual([]);
    expect(problems((s) => (s['tolerations'] as Json[]).push({ key: 'x', operator: 'Exists' }))).toEqual([]);
    expect(problems((s) => ((s['tolerations'] as Json[])[0]!['tolerationSeconds'] = 30))).toEqual([]);
    expect(problems((s) => (s['schedulingGates'] = [{ name: 'b' }]))).toEqual([]);
    expect(problems((s) => delete s['schedulingGates'])).toEqual([]);
  });

  it('refuses any other spec change with Kubernetes message', () => {
    expect(problems((s) => (s['restartPolicy'] = 'Never'))).toEqual([`spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`]);
    expect(problems((s) => ((s['containers'] as Json[])[0]!['ports'] = []))).toEqual([`spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`]);
    expect(problems((s) => (s['nodeName'] = 'node-1'))).toEqual([`spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`]);
    expect(problems((s) => (s['containers'] as Json[]).push({ name: 'sidecar', image: 'x' }))).toEqual([`spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`]);
  });

  it('refuses raising or removing activeDeadlineSeconds', () => {
    expect(problems((s) => (s['activeDeadlineSeconds'] = 601))).toEqual(['spec.activeDeadlineSeconds: Invalid value: 601: must be less than or equal to previous value']);
    expect(problems((s) => delete s['activeDeadlineSeconds'])).toEqual(['spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value']);
  });

  it('refuses changing or removing existing tolerations and raising their tolerationSeconds', () => {
    expect(problems((s) => (s['tolerations'] = []))).toEqual(['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
    expect(problems((s) => ((s['tolerations'] as Json[])[0]!['effect'] = 'NoSchedule'))).toEqual(['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
    expect(problems((s) => ((s['tolerations'] as Json[])[0]!['tolerationSeconds'] = 301))).toEqual(['spec.tolerations: Forbidden: the tolerationSeconds of an existing toleration may only be decreased']);
  });

  it('refuses adding scheduling gates', () => {
    expect(problems((s) => (s['schedulingGates'] = [{ name: 'a' }, { name: 'b' }, { name: 'c' }]))).toEqual(["spec.schedulingGates: Forbidden: only deletion is allowed, but found new scheduling gate 'c'"]);
  });
});
