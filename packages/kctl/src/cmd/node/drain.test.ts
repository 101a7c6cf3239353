import { KObject } from '@kctl/api';
import { DrainSettings, podDeleteStatus, podsForDeletion } from './drain';

function pod(name: string, options: { owner?: string; emptyDir?: boolean; phase?: string; mirror?: boolean; namespace?: string } = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      annotations: options.mirror ? { 'kubernetes.io/config.mirror': 'x' } : undefined,
      ownerReferences: options.owner ? [{ apiVersion: 'apps/v1', kind: options.owner, name: 'o', uid: 'u', controller: true }] : undefined,
    },
    spec: { nodeName: 'n1', volumes: options.emptyDir ? [{ name: 'scratch', emptyDir: {} }] : [] },
    status: { phase: options.phase ?? 'Running' },
  };
}

const none: DrainSettings = { force: false, ignoreDaemonSets: false, deleteEmptyDirData: false };
const all: DrainSettings = { force: true, ignoreDaemonSets: true, deleteEmptyDirData: true };

describe('drain pod filters', () => {
  test('controller pods go; bare pods need --force', () => {
    expect(podDeleteStatus(pod('a', { owner: 'ReplicaSet' }), none)).toEqual({ delete: true, reason: 'Okay' });
    expect(podDeleteStatus(pod('b'), none)).toEqual({ delete: false, reason: 'Error', message: 'Pods that declare no controller (use --force to override)' });
    expect(podDeleteStatus(pod('b'), all)).toEqual({ delete: true, reason: 'Warning', message: 'deleting Pods that declare no controller' });
    expect(podDeleteStatus(pod('done', { phase: 'Succeeded' }), none).delete).toBe(true);
  });

  test('DaemonSet pods stay, mirror pods are skipped, emptyDir needs a flag', () => {
    expect(podDeleteStatus(pod('ds', { owner: 'DaemonSet' }), none)).toEqual({ delete: false, reason: 'Error', message: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)' });
    expect(podDeleteStatus(pod('ds', { owner: 'DaemonSet' }), all)).toEqual({ delete: false, reason: 'Warning', message: 'ignoring DaemonSet-managed Pods' });
    expect(podDeleteStatus(pod('m', { mirror: true }), none)).toEqual({ delete: false, reason: 'Skip' });
    expect(podDeleteStatus(pod('e', { owner: 'ReplicaSet', emptyDir: true }), none)).toEqual({ delete: false, reason: 'Error', message: 'Pods with local storage (use --delete-emptydir-data to override)' });
    // The last filter's status stands: the local-storage warning of a controller pod is lost, as in kubectl.
    expect(podDeleteStatus(pod('e', { owner: 'ReplicaSet', emptyDir: true }), all)).toEqual({ delete: true, reason: 'Okay' });
  });

  test('errors and warnings grouped by reason, as kubectl prints them', () => {
    const pods = [pod('web-1', { owner: 'ReplicaSet' }), pod('bare'), pod('bare2', { namespace: 'x' }), pod('ds', { owner: 'DaemonSet' })];
    expect(podsForDeletion(pods, none)).toMatchObject({
      errors: ['cannot delete Pods that declare no controller (use --force to override): default/bare, x/bare2', 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/ds'],
      warnings: '',
    });
    const forced = podsForDeletion(pods, all);
    expect(forced.errors).toEqual([]);
    expect(forced.pods.map((p) => p.metadata.name)).toEqual(['web-1', 'bare', 'bare2']);
    expect(forced.warnings).toBe('deleting Pods that declare no controller: default/bare, x/bare2; ignoring DaemonSet-managed Pods: default/ds');
  });
});
