import { createMergePatch, DeploymentLike, equalIgnoreHash, ReplicaSetLike, semanticEqual } from './deployments';
import { historyOf, historyTable, revisionTemplate } from './history';
import { rolloutPatch } from './pause';
import { deploymentStatus } from './status';
import { planRollback, replicaSetForRevision, rollbackAnnotations } from './undo';

function dep(overrides: { generation?: number; replicas?: number; status?: DeploymentLike['status']; annotations?: Record<string, string>; paused?: boolean; image?: string } = {}): DeploymentLike {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'dep-uid', resourceVersion: '100', generation: overrides.generation ?? 2, annotations: overrides.annotations },
    spec: {
      replicas: overrides.replicas ?? 3,
      paused: overrides.paused,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: overrides.image ?? 'nginx:3' }] } },
    },
    status: overrides.status ?? { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 },
  };
}

function rs(revision: string | undefined, image: string, annotations: Record<string, string> = {}): ReplicaSetLike {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `web-${image.replace(/\W/g, '')}`,
      namespace: 'default',
      annotations: revision === undefined ? annotations : { 'deployment.kubernetes.io/revision': revision, ...annotations },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'dep-uid', controller: true }],
    },
    spec: {
      replicas: 0,
      template: { metadata: { labels: { app: 'web', 'pod-template-hash': `h${image.replace(/\W/g, '')}` } }, spec: { containers: [{ name: 'nginx', image }] } },
    },
  };
}

describe('rollout status messages (DeploymentStatusViewer)', () => {
  test.each([
    [{ observedGeneration: 1 }, 'Waiting for deployment spec update to be observed...\n', false],
    [{ observedGeneration: 2, replicas: 3, updatedReplicas: 1, availableReplicas: 1 }, 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n', false],
    [{ observedGeneration: 2, replicas: 5, updatedReplicas: 3, availableReplicas: 3 }, 'Waiting for deployment "web" rollout to finish: 2 old replicas are pending termination...\n', false],
    [{ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 1 }, 'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...\n', false],
    [{ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }, 'deployment "web" successfully rolled out\n', true],
    [{ observedGeneration: 3, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }, 'deployment "web" successfully rolled out\n', true],
  ])('%j', (status, message, done) => {
    expect(deploymentStatus(dep({ status }))).toEqual({ message, done });
  });

  test('a missed progress deadline is an error; an old observation is not looked at', () => {
    const conditions = [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }];
    expect(() => deploymentStatus(dep({ status: { observedGeneration: 2, conditions } }))).toThrow('deployment "web" exceeded its progress deadline');
    expect(deploymentStatus(dep({ status: { observedGeneration: 1, conditions } })).message).toBe('Waiting for deployment spec update to be observed...\n');
  });

  test('--revision pins the revision', () => {
    const d = dep({ annotations: { 'deployment.kubernetes.io/revision': '4' } });
    expect(deploymentStatus(d, 4).done).toBe(true);
    expect(() => deploymentStatus(d, 3)).toThrow('desired revision (3) is different from the running revision (4)');
  });
});

describe('rollout history', () => {
  const sets = [rs('2', 'nginx:2', { 'kubernetes.io/change-cause': 'kctl set image deployment/web nginx=nginx:2' }), rs('10', 'nginx:3'), rs('1', 'nginx:1'), rs(undefined, 'stray'), rs('x', 'bad')];

  test('the table is sorted by revision number; <none> without change-cause', () => {
    expect(historyTable(historyOf(sets))).toBe('REVISION  CHANGE-CAUSE\n1         <none>\n2         kctl set image deployment/web nginx=nginx:2\n10        <none>\n');
    expect(historyTable(new Map())).toBe('No rollout history found.');
  });

  test('one revision: its pod template, change-cause among the annotations, tabs as kubectl leaves them', () => {
    expect(revisionTemplate(historyOf(sets), 2)).toBe(
      [
        'Pod Template:',
        '  Labels:\tapp=web',
        '\tpod-template-hash=hnginx2',
        '  Annotations:\tkubernetes.io/change-cause: kctl set image deployment/web nginx=nginx:2',
        '  Containers:',
        '   nginx:',
        '    Image:\tnginx:2',
        '    Port:\t<none>',
        '    Host Port:\t<none>',
        '    Environment:\t<none>',
        '    Mounts:\t<none>',
        '  Volumes:\t<none>',
        '  Node-Selectors:\t<none>',
        '  Tolerations:\t<none>',
        '',
      ].join('\n'),
    );
    expect(() => revisionTemplate(historyOf(sets), 7)).toThrow('unable to find the specified revision');
  });
});

describe('rollout undo', () => {
  const sets = [rs('1', 'nginx:1', { 'kubernetes.io/change-cause': 'first', 'deployment.kubernetes.io/desired-replicas': '3' }), rs('3', 'nginx:3'), rs('2', 'nginx:2')];

  test('the previous revision, or the one asked for', () => {
    expect(replicaSetForRevision(dep(), sets, 0).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(replicaSetForRevision(dep(), sets, 1).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(() => replicaSetForRevision(dep(), sets, 7)).toThrow('unable to find specified revision 7 in history');
    expect(() => replicaSetForRevision(dep(), [rs('1', 'nginx:1')], 0)).toThrow('no rollout history found for deployment "web"');
  });

  test("annotations: the Deployment keeps its own revision bookkeeping, the rest comes from the ReplicaSet", () => {
    const d = dep({
      annotations: {
        'deployment.kubernetes.io/revision': '3',
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'kubernetes.io/change-cause': 'third',
        team: 'ops',
      },
    });
    expect(rollbackAnnotations(d, sets[0]!)).toEqual({
      'deployment.kubernetes.io/revision': '3',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'kubernetes.io/change-cause': 'first',
    });
  });

  test('the template is copied without pod-template-hash, as a merge patch pinned to the resourceVersion', () => {
    const d = dep({ annotations: { 'deployment.kubernetes.io/revision': '3', team: 'ops' } });
    const plan = planRollback(d, sets, 1);
    expect(plan).toEqual({
      skipped: false,
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1' }] } },
      annotations: { 'deployment.kubernetes.io/revision': '3', 'kubernetes.io/change-cause': 'first' },
      patch: {
        metadata: { resourceVersion: '100', annotations: { team: null, 'kubernetes.io/change-cause': 'first' } },
        spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1' }] } } },
      },
    });
  });

  test('nothing to do when the template already matches; paused deployments are refused', () => {
    expect(planRollback(dep({ image: 'nginx:2' }), sets, 2)).toEqual({ skipped: true, revision: 2 });
    expect(planRollback(dep({ image: 'nginx:2' }), sets, 0)).toEqual({ skipped: true, revision: 2 });
    expect(() => planRollback(dep({ paused: true }), sets, 0)).toThrow("you cannot rollback a paused deployment; resume it first with 'kctl rollout resume' and try again");
    expect(() => planRollback(dep(), sets, -1)).toThrow('unable to find specified revision -1 in history');
  });

  test('templates compare like apiequality.Semantic (zero values equal absent)', () => {
    expect(equalIgnoreHash({ metadata: { labels: { app: 'a', 'pod-template-hash': 'x' } }, spec: { containers: [] } }, { metadata: { labels: { app: 'a' }, annotations: {} } })).toBe(true);
    expect(semanticEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(semanticEqual({ a: { b: '' } }, {})).toBe(true);
  });

  test('createMergePatch', () => {
    expect(createMergePatch({ a: 1, b: { c: 1, d: 2 }, l: [1] }, { a: 1, b: { c: 2 }, l: [1, 2], n: 'x' })).toEqual({ b: { c: 2, d: null }, l: [1, 2], n: 'x' });
    expect(createMergePatch({ a: 1 }, { a: 1 })).toEqual({});
  });
});

describe('rollout pause / resume / restart patches', () => {
  const now = Date.UTC(2024, 4, 1, 10, 0, 0);
  test('pause and resume', () => {
    expect(rolloutPatch('pause', dep(), now)).toEqual({ patch: { spec: { paused: true } } });
    expect(rolloutPatch('pause', dep({ paused: true }), now)).toEqual({ error: 'is already paused' });
    expect(rolloutPatch('resume', dep({ paused: true }), now)).toEqual({ patch: { spec: { paused: null } } });
    expect(rolloutPatch('resume', dep(), now)).toEqual({ error: 'is not paused' });
  });

  test('restart stamps the template with kubectl.kubernetes.io/restartedAt (RFC 3339)', () => {
    const r = rolloutPatch('restart', dep(), now) as { patch: { spec: { template: { metadata: { annotations: Record<string, string> } } } } };
    expect(r.patch.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^2024-05-01T\d{2}:00:00(Z|[+-]\d{2}:\d{2})$/);
    expect(rolloutPatch('restart', dep({ paused: true }), now)).toEqual({ error: "can't restart paused deployment (run rollout resume first)" });
  });

  test('other kinds', () => {
    expect(rolloutPatch('pause', rs('1', 'x'), now)).toEqual({ error: 'pausing is not supported' });
    expect(rolloutPatch('restart', rs('1', 'x'), now)).toEqual({ error: 'restarting is not supported' });
  });
});
