import { findResource, KObject, ResourceInfo } from '@kctl/api';
import { TablePrinter } from './table';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const ago = (ms: number): string => new Date(NOW - ms).toISOString();
const info = (name: string): ResourceInfo => findResource(name)!;

function render(kind: string, objects: unknown[], options: Partial<ConstructorParameters<typeof TablePrinter>[1]> = {}, withNamespace = false): string {
  let out = '';
  const p = new TablePrinter({ write: (s: string) => (out += s) }, { now: () => NOW, ...options });
  p.print(info(kind), objects as KObject[], undefined, withNamespace);
  return out;
}

const runningPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-7d4b9c-abcde', namespace: 'default', creationTimestamp: ago(3 * 60_000 + 2000), labels: { app: 'web', tier: 'fe' } },
  spec: { nodeName: 'node-1', containers: [{ name: 'nginx', image: 'nginx' }, { name: 'side', image: 'busybox' }] },
  status: {
    phase: 'Running',
    podIP: '10.244.0.5',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [
      { name: 'nginx', ready: true, restartCount: 0, state: { running: { startedAt: ago(60_000) } } },
      { name: 'side', ready: true, restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: ago(90_000) } }, state: { running: { startedAt: ago(60_000) } } },
    ],
  },
};

const pendingPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'db-0', namespace: 'prod', creationTimestamp: ago(5000) },
  spec: { containers: [{ name: 'db', image: 'postgres' }] },
  status: { phase: 'Pending', containerStatuses: [{ name: 'db', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] },
};

describe('pod table', () => {
  test('NAME READY STATUS RESTARTS AGE', () => {
    expect(render('pods', [runningPod, pendingPod])).toBe(
      [
        'NAME               READY   STATUS              RESTARTS      AGE',
        'web-7d4b9c-abcde   2/2     Running             2 (90s ago)   3m2s',
        'db-0               0/1     ContainerCreating   0             5s',
        '',
      ].join('\n'),
    );
  });

  test('wide adds IP, NODE, NOMINATED NODE, READINESS GATES; -A adds NAMESPACE', () => {
    expect(render('po', [pendingPod], { wide: true }, true)).toBe(
      [
        'NAMESPACE   NAME   READY   STATUS              RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES',
        'prod        db-0   0/1     ContainerCreating   0          5s    <none>   <none>   <none>           <none>',
        '',
      ].join('\n'),
    );
  });

  test('Terminating when deletionTimestamp is set; --show-labels; --no-headers', () => {
    const deleting = { ...runningPod, metadata: { ...runningPod.metadata, deletionTimestamp: ago(0) } };
    expect(render('pods', [deleting], { showLabels: true, noHeaders: true })).toBe('web-7d4b9c-abcde   2/2   Terminating   2 (90s ago)   3m2s   app=web,tier=fe\n');
  });

  test('init containers and crash reasons', () => {
    const initPod = {
      ...pendingPod,
      spec: { initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'db', image: 'postgres' }] },
      status: { phase: 'Pending', initContainerStatuses: [{ name: 'init', ready: false, restartCount: 0, state: { running: {} } }] },
    };
    expect(render('pods', [initPod], { noHeaders: true })).toContain('Init:0/1');
    const crash = {
      ...pendingPod,
      status: { phase: 'Running', containerStatuses: [{ name: 'db', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
    };
    expect(render('pods', [crash], { noHeaders: true })).toBe('db-0   0/1   CrashLoopBackOff   4     5s\n');
  });
});

describe('other kinds', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(2 * 86_400_000 + 3 * 3_600_000) },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'side', image: 'busybox' }] } },
    },
    status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
  };

  test('deployments: NAME READY UP-TO-DATE AVAILABLE AGE (+wide)', () => {
    expect(render('deploy', [deployment])).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/3     3            2           2d3h\n');
    expect(render('deployments.apps', [deployment], { wide: true })).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE    CONTAINERS   IMAGES               SELECTOR\n' +
        'web    2/3     3            2           2d3h   nginx,side   nginx:1.25,busybox   app=web\n',
    );
  });

  test('kind prefix when several kinds are printed', () => {
    expect(render('deploy', [deployment], { showKind: true, noHeaders: true })).toMatch(/^deployment\.apps\/web {3}2\/3/);
  });

  test('replicasets', () => {
    const rs = { ...deployment, kind: 'ReplicaSet', metadata: { ...deployment.metadata, name: 'web-5d9c' }, status: { replicas: 3, readyReplicas: 3 } };
    expect(render('rs', [rs])).toBe('NAME       DESIRED   CURRENT   READY   AGE\nweb-5d9c   3         3         3       2d3h\n');
  });

  test('services: ports and external IPs', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(40_000) },
      spec: { type: 'NodePort', clusterIP: '10.96.0.10', ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }, { port: 443, protocol: 'TCP' }] },
    };
    expect(render('svc', [svc])).toBe('NAME   TYPE       CLUSTER-IP   EXTERNAL-IP   PORT(S)                AGE\nweb    NodePort   10.96.0.10   <none>        80:30080/TCP,443/TCP   40s\n');
  });

  test('nodes: Ready condition, SchedulingDisabled, roles', () => {
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-1', creationTimestamp: ago(3_600_000), labels: { 'node-role.kubernetes.io/control-plane': '' } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v0.1.0' } },
    };
    expect(render('no', [node])).toBe('NAME     STATUS                     ROLES           AGE   VERSION\nnode-1   Ready,SchedulingDisabled   control-plane   60m   v0.1.0\n');
    const unknown = { ...node, spec: {}, status: {}, metadata: { name: 'node-2', creationTimestamp: ago(0) } };
    // An empty last cell still pads the column before it, as kubectl's tabwriter does.
    expect(render('nodes', [unknown], { noHeaders: true })).toBe('node-2   Unknown   <none>   0s    \n');
  });

  test('configmaps, secrets, namespaces, endpoints, leases, events', () => {
    const meta = (name: string) => ({ name, namespace: 'default', creationTimestamp: ago(7000) });
    expect(render('cm', [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cfg'), data: { a: '1', b: '2' } }])).toBe('NAME   DATA   AGE\ncfg    2      7s\n');
    expect(render('secrets', [{ apiVersion: 'v1', kind: 'Secret', metadata: meta('s'), type: 'Opaque', data: { p: 'eA==' } }])).toBe(
      'NAME   TYPE     DATA   AGE\ns      Opaque   1      7s\n',
    );
    expect(render('ns', [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo', creationTimestamp: ago(7000) }, status: { phase: 'Active' } }])).toBe(
      'NAME   STATUS   AGE\ndemo   Active   7s\n',
    );
    const ep = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: meta('web'),
      subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }], ports: [{ port: 80 }, { port: 443 }] }],
    };
    expect(render('ep', [ep], { noHeaders: true })).toBe('web   10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 3 more...   7s\n');
    expect(render('leases', [{ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: meta('node-1'), spec: { holderIdentity: 'node-1' } }])).toBe(
      'NAME     HOLDER   AGE\nnode-1   node-1   7s\n',
    );
    const ev = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: meta('web.123'),
      type: 'Normal',
      reason: 'Scheduled',
      involvedObject: { kind: 'Pod', name: 'web-1' },
      message: 'Successfully assigned default/web-1 to node-1',
      lastTimestamp: ago(65_000),
    };
    expect(render('ev', [ev])).toBe('LAST SEEN   TYPE     REASON      OBJECT      MESSAGE\n65s         Normal   Scheduled   pod/web-1   Successfully assigned default/web-1 to node-1\n');
  });
});
