// The workload and node verbs end to end: a real etcd, apiserver and
// controller-manager with simulated nodes (and a binder that honours cordons),
// kctl driven in-process through run(). Tests assert output and state, never
// how long something took; waits poll for states with generous limits.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KObject } from '@kctl/api';
import { eventually as poll } from '@kctl/testing';
import { run } from './cli';
import { captureIO } from './testing/io';
import { startWorkloadCluster, WorkloadCluster } from './testing/workload-cluster';

let cluster: WorkloadCluster;
let home: string;

interface Result {
  code: number;
  out: string;
  err: string;
}

async function kctl(...args: string[]): Promise<Result> {
  const c = captureIO({ env: { HOME: home } });
  const code = await run(['-s', cluster.address, ...args], c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}

/** The shared eventually() with the longer default these workload tests wait for. */
const eventually = <T>(check: () => Promise<T>, timeoutMs = 45_000): Promise<T> => poll(check, timeoutMs);

type Deployment = KObject & {
  spec: { replicas: number; paused?: boolean; template: { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: { containers: { name: string; image: string; ports?: unknown[] }[] } } };
};
type Pod = KObject & { spec: { nodeName?: string; containers: { image: string }[] }; status?: { conditions?: { type: string; status: string }[] } };

const getDeployment = (name: string): Promise<Deployment> => cluster.client.get<Deployment>('deployments', 'default', name);
const podsOf = async (app: string): Promise<Pod[]> => (await cluster.client.list<Pod>('pods', { namespace: 'default', labelSelector: `app=${app}` })).items;
const isReady = (p: Pod): boolean => !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** Every line rollout status may print while waiting, then its success line. */
const WAITING = [
  /^Waiting for deployment spec update to be observed\.\.\.$/,
  /^Waiting for deployment "[\w-]+" rollout to finish: \d+ out of \d+ new replicas have been updated\.\.\.$/,
  /^Waiting for deployment "[\w-]+" rollout to finish: \d+ old replicas are pending termination\.\.\.$/,
  /^Waiting for deployment "[\w-]+" rollout to finish: \d+ of \d+ updated replicas are available\.\.\.$/,
];

function expectRolledOut(r: Result, name: string): void {
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const lines = r.out.trimEnd().split('\n');
  expect(lines.pop()).toBe(`deployment "${name}" successfully rolled out`);
  for (const line of lines) expect(WAITING.some((re) => re.test(line))).toBe(true);
}

beforeAll(async () => {
  cluster = await startWorkloadCluster();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-wl-home-'));
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

describe('create deployment and rollout status', () => {
  test("create deployment builds kubectl's object", async () => {
    expect(await kctl('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3', '--port=80')).toEqual({ code: 0, out: 'deployment.apps/web created\n', err: '' });
    const d = await getDeployment('web');
    expect(d.metadata.labels).toEqual({ app: 'web' });
    expect(d.spec).toMatchObject({ replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } } } });
    expect(d.spec.template.spec.containers).toEqual([expect.objectContaining({ name: 'nginx', image: 'nginx:1.25', ports: [expect.objectContaining({ containerPort: 80 })] })]);
    expect((await kctl('create', 'deployment', 'web', '--image=nginx')).err).toBe('Error from server (AlreadyExists): deployments.apps "web" already exists\n');
    expect(await kctl('create', 'deployment', 'x')).toEqual({ code: 1, out: '', err: 'error: required flag(s) "image" not set\n' });
  });

  test('rollout status follows the rollout to its end', async () => {
    expectRolledOut(await kctl('rollout', 'status', 'deployment/web'), 'web');
    const pods = await podsOf('web');
    expect(pods.filter(isReady)).toHaveLength(3);
    expect(await kctl('rollout', 'status', 'deploy', 'web', '--watch=false')).toEqual({ code: 0, out: 'deployment "web" successfully rolled out\n', err: '' });
  });

  test('describe deployment and replicaset show conditions and events', async () => {
    const d = await eventually(async () => {
      const r = await kctl('describe', 'deployment', 'web');
      expect(r.out).toMatch(/Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-\w+ from 0 to 3\n/);
      return r;
    });
    expect(d.out).toMatch(/\nConditions:\n {2}Type {11}Status {2}Reason\n {2}---- {11}------ {2}------\n {2}Available {6}True {4}MinimumReplicasAvailable\n {2}Progressing {4}True {4}NewReplicaSetAvailable\n/);
    expect(d.out).toMatch(/\nNewReplicaSet:\s+web-\w+ \(3\/3 replicas created\)\n/);
    const rs = await eventually(async () => {
      const r = await kctl('describe', 'rs', '-l', 'app=web');
      expect(r.out.match(/Normal\s+SuccessfulCreate\s+\S+\s+replicaset-controller\s+Created pod: web-\w+-\w+\n/g)).toHaveLength(3);
      return r;
    });
    expect(rs.out).toMatch(/^Controlled By:\s+Deployment\/web$/m);
    expect(rs.out).toMatch(/^Pods Status:\s+3 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed$/m);
  });

  test('a missed progress deadline fails rollout status', async () => {
    const manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'stuck', namespace: 'default' },
      spec: { replicas: 1, progressDeadlineSeconds: 1, selector: { matchLabels: { app: 'stuck' } }, template: { metadata: { labels: { app: 'stuck' } }, spec: { containers: [{ name: 'c', image: 'busybox-unready' }] } } },
    };
    await cluster.client.create('deployments', manifest);
    const r = await kctl('rollout', 'status', 'deployment/stuck');
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: deployment "stuck" exceeded its progress deadline\n');
    for (const line of r.out.trimEnd().split('\n').filter(Boolean)) expect(WAITING.some((re) => re.test(line))).toBe(true);
    // Under load the deadline can pass before the pod exists; the pod's arrival is progress
    // and resets the condition until the deadline passes again, as in Kubernetes.
    await eventually(async () => expect((await kctl('describe', 'deploy', 'stuck')).out).toMatch(/^ {2}Progressing {4}False {3}ProgressDeadlineExceeded$/m));
  });

  test('--timeout, and a deployment deleted while watched', async () => {
    expect((await kctl('create', 'deployment', 'slow', '--image=busybox-unready')).code).toBe(0);
    const r = await kctl('rollout', 'status', 'deployment/slow', '--timeout=1s');
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: timed out waiting for the condition\n');

    await eventually(async () => expect((await kctl('rollout', 'status', 'deployment/slow', '--watch=false')).out).toMatch(/^Waiting for deployment "slow" rollout to finish: 0 of 1 updated replicas are available\.\.\.\n$/));
    const c = captureIO({ env: { HOME: home } });
    const watching = run(['-s', cluster.address, 'rollout', 'status', 'deployment/slow'], c.io);
    // Once the first status line is out, the watch resumes from what was read: the delete cannot be missed.
    await eventually(async () => expect(c.stdout()).not.toBe(''));
    await cluster.client.delete('deployments', 'default', 'slow');
    expect(await watching).toBe(1);
    expect(c.stderr()).toBe('error: object has been deleted\n');
  });

  test('not a deployment', async () => {
    const rs = (await cluster.client.list('replicasets', { namespace: 'default', labelSelector: 'app=web' })).items[0]!;
    expect(await kctl('rollout', 'status', `rs/${rs.metadata.name}`)).toEqual({ code: 1, out: '', err: 'error: no status viewer has been implemented for ReplicaSet.apps\n' });
    expect(await kctl('rollout', 'status', 'deployment/nope')).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
  });
});

describe('set image, history and undo', () => {
  test('change-cause annotations become the history', async () => {
    expect(await kctl('annotate', 'deployment', 'web', 'kubernetes.io/change-cause=create web')).toEqual({ code: 0, out: 'deployment.apps/web annotated\n', err: '' });
    // The controller copies the Deployment's annotations to its current ReplicaSet.
    await eventually(async () => expect((await kctl('rollout', 'history', 'deployment/web')).out).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         create web\n\n'));

    expect(await kctl('set', 'image', 'deployment/web', 'nginx=nginx:1.26')).toEqual({ code: 0, out: 'deployment.apps/web image updated\n', err: '' });
    // change-cause may be replaced without --overwrite, as in kubectl.
    expect((await kctl('annotate', 'deployment', 'web', 'kubernetes.io/change-cause=image 1.26')).code).toBe(0);
    expectRolledOut(await kctl('rollout', 'status', 'deployment/web'), 'web');
    expect((await podsOf('web')).every((p) => p.spec.containers[0]!.image === 'nginx:1.26')).toBe(true);
    await eventually(async () => expect((await kctl('rollout', 'history', 'deployment/web')).out).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         create web\n2         image 1.26\n\n'));
  });

  test('set image: nothing to change, unknown container', async () => {
    expect(await kctl('set', 'image', 'deployment/web', 'nginx=nginx:1.26')).toEqual({ code: 0, out: '', err: '' });
    expect(await kctl('set', 'image', 'deployment/web', 'php=php:8')).toEqual({ code: 1, out: '', err: 'error: unable to find container named "php"\n' });
  });

  test('history of one revision shows its pod template', async () => {
    const r = await kctl('rollout', 'history', 'deployment/web', '--revision=2');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      new RegExp(
        [
          '^deployment\\.apps/web with revision #2',
          'Pod Template:',
          '  Labels:\\tapp=web',
          '\\tpod-template-hash=\\w+',
          '  Annotations:\\tkubernetes\\.io/change-cause: image 1\\.26',
          '  Containers:',
          '   nginx:',
          '    Image:\\tnginx:1\\.26',
          '    Port:\\t80/TCP',
          '    Host Port:\\t0/TCP',
          '    Environment:\\t<none>',
          '    Mounts:\\t<none>',
          '  Volumes:\\t<none>',
          '  Node-Selectors:\\t<none>',
          '  Tolerations:\\t<none>',
          '\n$',
        ].join('\n'),
      ),
    );
    expect(await kctl('rollout', 'history', 'deployment/web', '--revision=9')).toEqual({ code: 1, out: '', err: 'error: unable to find the specified revision\n' });
  });

  test('undo restores the previous template and its annotations', async () => {
    expect(await kctl('rollout', 'undo', 'deployment/web')).toEqual({ code: 0, out: 'deployment.apps/web rolled back\n', err: '' });
    const d = await getDeployment('web');
    expect(d.spec.template.spec.containers[0]!.image).toBe('nginx:1.25');
    expect(d.spec.template.metadata.labels).toEqual({ app: 'web' });
    expect(d.metadata.annotations?.['kubernetes.io/change-cause']).toBe('create web');
    expectRolledOut(await kctl('rollout', 'status', 'deployment/web'), 'web');
    await eventually(async () => expect((await podsOf('web')).map((p) => p.spec.containers[0]!.image)).toEqual(['nginx:1.25', 'nginx:1.25', 'nginx:1.25']));
    // Revision 1 comes back as revision 3.
    await eventually(async () => expect((await kctl('rollout', 'history', 'deployment/web')).out).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         image 1.26\n3         create web\n\n'));
  });

  test('undo --to-revision, a template that already matches, a revision that does not exist', async () => {
    expect(await kctl('rollout', 'undo', 'deployment/web', '--to-revision=2')).toEqual({ code: 0, out: 'deployment.apps/web rolled back\n', err: '' });
    expect((await getDeployment('web')).spec.template.spec.containers[0]!.image).toBe('nginx:1.26');
    expectRolledOut(await kctl('rollout', 'status', 'deployment/web'), 'web');
    await eventually(async () => expect((await kctl('rollout', 'history', 'deployment/web')).out).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n3         create web\n4         image 1.26\n\n'));
    expect(await kctl('rollout', 'undo', 'deployment/web', '--to-revision=4')).toEqual({ code: 0, out: 'deployment.apps/web skipped rollback (current template already matches revision 4)\n', err: '' });
    expect(await kctl('rollout', 'undo', 'deployment/web', '--to-revision=7')).toEqual({ code: 1, out: '', err: 'error: unable to find specified revision 7 in history\n' });
  });

  test('undo without history', async () => {
    expect((await kctl('create', 'deployment', 'solo', '--image=busybox')).code).toBe(0);
    expectRolledOut(await kctl('rollout', 'status', 'deployment/solo'), 'solo');
    await eventually(async () => expect((await kctl('rollout', 'history', 'deploy/solo')).out).toBe('deployment.apps/solo \nREVISION  CHANGE-CAUSE\n1         <none>\n\n'));
    expect(await kctl('rollout', 'undo', 'deployment/solo')).toEqual({ code: 1, out: '', err: 'error: no rollout history found for deployment "solo"\n' });
  });
});

describe('pause, resume, restart', () => {
  test('a paused deployment takes template changes without rolling them out', async () => {
    expect(await kctl('rollout', 'pause', 'deployment/web')).toEqual({ code: 0, out: 'deployment.apps/web paused\n', err: '' });
    expect(await kctl('rollout', 'pause', 'deployment/web')).toEqual({ code: 1, out: '', err: 'error: deployments.apps "web" is already paused\n' });
    expect((await kctl('set', 'image', 'deployment/web', 'nginx=nginx:1.27')).out).toBe('deployment.apps/web image updated\n');
    await eventually(async () =>
      expect(await kctl('rollout', 'status', 'deployment/web', '--watch=false')).toEqual({ code: 0, out: 'Waiting for deployment "web" rollout to finish: 0 out of 3 new replicas have been updated...\n', err: '' }),
    );
    expect((await podsOf('web')).map((p) => p.spec.containers[0]!.image)).toEqual(['nginx:1.26', 'nginx:1.26', 'nginx:1.26']);
    expect(await kctl('rollout', 'undo', 'deployment/web')).toEqual({ code: 1, out: '', err: "error: you cannot rollback a paused deployment; resume it first with 'kctl rollout resume' and try again\n" });
    expect(await kctl('rollout', 'restart', 'deployment/web')).toEqual({ code: 1, out: '', err: 'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)\n' });
  });

  test('resume rolls the change out', async () => {
    expect(await kctl('rollout', 'resume', 'deployment/web')).toEqual({ code: 0, out: 'deployment.apps/web resumed\n', err: '' });
    expect(await kctl('rollout', 'resume', 'deployment/web')).toEqual({ code: 1, out: '', err: 'error: deployments.apps "web" is not paused\n' });
    expectRolledOut(await kctl('rollout', 'status', 'deployment/web'), 'web');
    await eventually(async () => expect((await podsOf('web')).map((p) => p.spec.containers[0]!.image)).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.27']));
  });

  test('restart stamps the template and replaces every pod', async () => {
    const before = new Set((await podsOf('web')).map((p) => p.metadata.uid));
    expect(await kctl('rollout', 'restart', 'deployment/web')).toEqual({ code: 0, out: 'deployment.apps/web restarted\n', err: '' });
    const stamp = (await getDeployment('web')).spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'];
    expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/);
    expectRolledOut(await kctl('rollout', 'status', 'deployment/web'), 'web');
    await eventually(async () => {
      const pods = await podsOf('web');
      expect(pods).toHaveLength(3);
      expect(pods.some((p) => before.has(p.metadata.uid))).toBe(false);
    });
  });
});

describe('scale', () => {
  test('through the scale subresource', async () => {
    expect(await kctl('scale', 'deployment/web', '--replicas=5')).toEqual({ code: 0, out: 'deployment.apps/web scaled\n', err: '' });
    expect((await getDeployment('web')).spec.replicas).toBe(5);
    expectRolledOut(await kctl('rollout', 'status', 'deployment/web'), 'web');
    await eventually(async () => expect((await podsOf('web')).filter(isReady)).toHaveLength(5));
  });

  test('--current-replicas is a precondition', async () => {
    expect(await kctl('scale', 'deploy', 'web', '--current-replicas=3', '--replicas=2')).toEqual({ code: 1, out: '', err: 'error: Expected replicas to be 3, was 5\n' });
    expect((await getDeployment('web')).spec.replicas).toBe(5);
    expect(await kctl('scale', 'deploy', 'web', '--current-replicas=5', '--replicas=2', '--timeout=60s')).toEqual({ code: 0, out: 'deployment.apps/web scaled\n', err: '' });
    expect((await cluster.client.getScale('deployments', 'default', 'web')).status.replicas).toBe(2);
  });

  test('a replicaset named in a file, and set image on replicasets and pods', async () => {
    const rs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'lone', namespace: 'default' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'lone' } }, template: { metadata: { labels: { app: 'lone' } }, spec: { containers: [{ name: 'c', image: 'busybox:1' }] } } },
    };
    await cluster.client.create('replicasets', rs);
    const file = path.join(home, 'lone.json');
    fs.writeFileSync(file, JSON.stringify(rs));
    expect(await kctl('scale', '-f', file, '--replicas=2', '--timeout=60s')).toEqual({ code: 0, out: 'replicaset.apps/lone scaled\n', err: '' });
    await eventually(async () => expect((await podsOf('lone')).filter(isReady)).toHaveLength(2));

    expect(await kctl('set', 'image', 'rs/lone', 'c=busybox:2')).toEqual({ code: 0, out: 'replicaset.apps/lone image updated\n', err: '' });
    const pod = (await podsOf('lone'))[0]!;
    expect(await kctl('set', 'image', `pod/${pod.metadata.name}`, '*=busybox:3')).toEqual({ code: 0, out: `pod/${pod.metadata.name} image updated\n`, err: '' });
    expect((await cluster.client.get<Pod>('pods', 'default', pod.metadata.name!)).spec.containers[0]!.image).toBe('busybox:3');
  });

  test('errors', async () => {
    expect(await kctl('scale', 'deployment/web')).toEqual({ code: 1, out: '', err: 'error: required flag(s) "replicas" not set\n' });
    expect(await kctl('scale', 'deployment/nope', '--replicas=1')).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
    expect(await kctl('scale', 'deployment', '--replicas=1')).toEqual({ code: 1, out: '', err: 'error: resource(s) were provided, but no name was specified\n' });
  });
});

describe('label and annotate', () => {
  test('label: add, same value, conflict, overwrite, remove', async () => {
    expect(await kctl('label', 'deployment', 'web', 'tier=frontend')).toEqual({ code: 0, out: 'deployment.apps/web labeled\n', err: '' });
    expect(await kctl('label', 'deployment', 'web', 'tier=frontend')).toEqual({ code: 0, out: 'deployment.apps/web not labeled\n', err: '' });
    expect(await kctl('label', 'deployment', 'web', 'tier=backend')).toEqual({ code: 1, out: '', err: "error: 'tier' already has a value (frontend), and --overwrite is false\n" });
    expect(await kctl('label', 'deployment', 'web', 'tier=backend', '--overwrite')).toEqual({ code: 0, out: 'deployment.apps/web labeled\n', err: '' });
    expect((await getDeployment('web')).metadata.labels).toEqual({ app: 'web', tier: 'backend' });
    expect(await kctl('label', 'deployment', 'web', 'tier-')).toEqual({ code: 0, out: 'deployment.apps/web unlabeled\n', err: '' });
    expect(await kctl('label', 'deployment', 'web', 'tier-')).toEqual({ code: 0, out: 'label "tier" not found.\ndeployment.apps/web not labeled\n', err: '' });
    expect((await getDeployment('web')).metadata.labels).toEqual({ app: 'web' });
  });

  test('label by selector and --all', async () => {
    const names = (await podsOf('web')).map((p) => p.metadata.name).sort();
    const r = await kctl('label', 'pods', '-l', 'app=web', 'env=test');
    expect(r).toEqual({ code: 0, out: names.map((n) => `pod/${n} labeled\n`).join(''), err: '' });
    expect((await podsOf('web')).every((p) => p.metadata.labels?.env === 'test')).toBe(true);
    await cluster.client.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1', namespace: 'default' } });
    await cluster.client.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c2', namespace: 'default', labels: { team: 'a' } } });
    expect(await kctl('label', 'configmaps', '--all', 'team=a')).toEqual({ code: 0, out: 'configmap/c1 labeled\nconfigmap/c2 not labeled\n', err: '' });
    expect(await kctl('label', 'cm', 'c1', 'c2', 'team=b')).toEqual({
      code: 1,
      out: '',
      err: "error: 'team' already has a value (a), and --overwrite is false\nerror: 'team' already has a value (a), and --overwrite is false\n",
    });
    expect(await kctl('label', 'cm', 'nope', 'x=y')).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): configmaps "nope" not found\n' });
  });

  test('annotate', async () => {
    expect(await kctl('annotate', 'cm', 'c1', 'note=hello world')).toEqual({ code: 0, out: 'configmap/c1 annotated\n', err: '' });
    expect(await kctl('annotate', 'cm', 'c1', 'note=bye')).toEqual({ code: 1, out: '', err: "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hello world)\n" });
    expect(await kctl('annotate', 'cm', 'c1', 'note=bye', '--overwrite')).toEqual({ code: 0, out: 'configmap/c1 annotated\n', err: '' });
    expect((await cluster.client.get('configmaps', 'default', 'c1')).metadata.annotations).toEqual({ note: 'bye' });
    expect(await kctl('annotate', 'cm', 'c1', 'note-')).toEqual({ code: 0, out: 'configmap/c1 annotated\n', err: '' });
    // Kubernetes drops the emptied map when storing; kctl's apiserver keeps {}: either means "no annotations".
    expect((await cluster.client.get('configmaps', 'default', 'c1')).metadata.annotations ?? {}).toEqual({});
  });
});

describe('cordon, uncordon, taint', () => {
  beforeAll(async () => {
    await cluster.client.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { pool: 'extra' } }, spec: {} });
  });

  const nodeSpec = async (name: string): Promise<{ unschedulable?: boolean; taints?: unknown[] }> => (await cluster.client.get('nodes', '', name)).spec as { unschedulable?: boolean; taints?: unknown[] };

  test('cordon and uncordon', async () => {
    expect(await kctl('cordon', 'n1')).toEqual({ code: 0, out: 'node/n1 cordoned\n', err: '' });
    expect((await nodeSpec('n1')).unschedulable).toBe(true);
    expect(await kctl('cordon', 'n1')).toEqual({ code: 0, out: 'node/n1 already cordoned\n', err: '' });
    expect((await kctl('get', 'node', 'n1')).out).toMatch(/^n1\s+\w+,SchedulingDisabled\s/m);
    expect(await kctl('uncordon', 'n1')).toEqual({ code: 0, out: 'node/n1 uncordoned\n', err: '' });
    expect((await nodeSpec('n1')).unschedulable).toBeUndefined();
    expect(await kctl('uncordon', '-l', 'pool=extra')).toEqual({ code: 0, out: 'node/n1 already uncordoned\n', err: '' });
    expect(await kctl('cordon', 'nope')).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): nodes "nope" not found\n' });
    expect(await kctl('cordon')).toEqual({ code: 1, out: '', err: "error: USAGE: cordon NODE [flags]\nSee 'kctl cordon -h' for help and examples\n" });
  });

  test('taint and untaint', async () => {
    expect(await kctl('taint', 'nodes', 'n1', 'dedicated=special:NoSchedule')).toEqual({ code: 0, out: 'node/n1 tainted\n', err: '' });
    expect((await nodeSpec('n1')).taints).toEqual([{ key: 'dedicated', value: 'special', effect: 'NoSchedule' }]);
    expect(await kctl('taint', 'nodes', 'n1', 'dedicated=other:NoSchedule')).toEqual({ code: 1, out: '', err: 'error: node n1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n' });
    expect(await kctl('taint', 'nodes', 'n1', 'dedicated=other:NoSchedule', '--overwrite')).toEqual({ code: 0, out: 'node/n1 modified\n', err: '' });
    expect(await kctl('taint', 'node', 'n1', 'gpu:NoExecute')).toEqual({ code: 0, out: 'node/n1 tainted\n', err: '' });
    expect((await nodeSpec('n1')).taints).toEqual([{ key: 'gpu', effect: 'NoExecute' }, { key: 'dedicated', value: 'other', effect: 'NoSchedule' }]);
    const described = await kctl('describe', 'node', 'n1');
    expect(described.out).toMatch(/^Taints:\s+gpu:NoExecute\n\s+dedicated=other:NoSchedule\nUnschedulable:\s+false\n/m);
    expect(await kctl('taint', 'nodes', 'n1', 'dedicated:NoSchedule-')).toEqual({ code: 0, out: 'node/n1 untainted\n', err: '' });
    expect(await kctl('taint', 'nodes', 'n1', 'gpu-')).toEqual({ code: 0, out: 'node/n1 untainted\n', err: '' });
    expect((await nodeSpec('n1')).taints).toBeUndefined();
    expect(await kctl('taint', 'nodes', 'n1', 'gpu-')).toEqual({ code: 1, out: '', err: 'error: taint "gpu" not found\n' });
    expect(await kctl('taint', 'nodes', 'n1', 'a=b:Sometimes')).toEqual({ code: 1, out: '', err: "error: invalid taint effect: Sometimes, unsupported taint effect\nSee 'kctl taint -h' for help and examples\n" });
    expect(await kctl('taint', 'pods', 'p', 'a=b:NoSchedule')).toEqual({ code: 1, out: '', err: "error: invalid resource type pods, only node types are supported\nSee 'kctl taint -h' for help and examples\n" });
  });

  test('describe node shows conditions and events', async () => {
    const now = new Date().toISOString();
    await cluster.client.create('events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'node-1.cordoned', namespace: 'default' },
      involvedObject: { kind: 'Node', name: 'node-1', uid: 'node-1' },
      reason: 'NodeNotSchedulable',
      message: 'Node node-1 status is now: NodeNotSchedulable',
      type: 'Normal',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    });
    const r = await kctl('describe', 'node', 'node-1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\nConditions:\n {2}Type {4}Status {2}LastHeartbeatTime {17}LastTransitionTime {16}Reason {9}Message\n {2}---- {4}------ {2}-{17} {17}-{18} {16}------ {9}-------\n {2}Ready {3}True {4}.+ {3}.+ {3}KubeletReady {3}simulated node is ready\n/);
    expect(r.out).toMatch(/\nEvents:\n {2}Type\s+Reason\s+Age\s+From\s+Message\n {2}----\s+------\s+----\s+----\s+-------\n {2}Normal\s+NodeNotSchedulable\s+\d+s\s+kubelet\s+Node node-1 status is now: NodeNotSchedulable\n$/);
  });
});

describe('drain', () => {
  const podsOnNode = async (node: string): Promise<Pod[]> => (await cluster.client.list<Pod>('pods', { fieldSelector: `spec.nodeName=${node}` })).items.filter((p) => p.spec.nodeName === node);

  beforeAll(async () => {
    expect((await kctl('create', 'deployment', 'spread', '--image=busybox', '--replicas=6')).code).toBe(0);
    expectRolledOut(await kctl('rollout', 'status', 'deployment/spread'), 'spread');
    await cluster.client.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'default' }, spec: { nodeName: 'node-2', containers: [{ name: 'c', image: 'busybox' }] } });
    await eventually(async () => expect((await podsOnNode('node-2')).filter(isReady).map((p) => p.metadata.name)).toContain('bare'));
  });

  test('refuses a pod no controller would replace, after cordoning', async () => {
    const before = (await podsOnNode('node-2')).map((p) => p.metadata.name).sort();
    expect(before.filter((n) => n?.startsWith('spread-')).length).toBeGreaterThan(0);
    expect(await kctl('drain', 'node-2')).toEqual({
      code: 1,
      out: 'node/node-2 cordoned\n',
      err:
        'error: unable to drain node "node-2" due to error: cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...\n' +
        'There are pending nodes to be drained:\n node-2\n' +
        'error: cannot delete Pods that declare no controller (use --force to override): default/bare\n',
    });
    expect((await podsOnNode('node-2')).map((p) => p.metadata.name).sort()).toEqual(before);
  });

  test('--force evicts everything, waits until gone, and controller pods come back elsewhere', async () => {
    const doomed = (await podsOnNode('node-2')).map((p) => p.metadata.name!).sort();
    const r = await kctl('drain', 'node-2', '--force', '--timeout=60s');
    expect(r.code).toBe(0);
    expect(r.err).toBe('Warning: deleting Pods that declare no controller: default/bare\n');
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('node/node-2 already cordoned');
    expect(lines[lines.length - 1]).toBe('node/node-2 drained');
    const middle = lines.slice(1, -1);
    expect(middle.filter((l) => l.startsWith('evicting pod ')).sort()).toEqual(doomed.map((n) => `evicting pod default/${n}`));
    expect(middle.filter((l) => l.startsWith('pod/')).sort()).toEqual(doomed.map((n) => `pod/${n} evicted`));
    expect(middle).toHaveLength(doomed.length * 2);
    // Every "evicting" line comes before the first "evicted" one, as kubectl's concurrent evictions print.
    expect(middle.slice(0, doomed.length).every((l) => l.startsWith('evicting pod '))).toBe(true);

    expect(await podsOnNode('node-2')).toEqual([]);
    expectRolledOut(await kctl('rollout', 'status', 'deployment/spread'), 'spread');
    await eventually(async () => {
      const pods = (await podsOf('spread')).filter(isReady);
      expect(pods).toHaveLength(6);
      expect(pods.every((p) => p.spec.nodeName === 'node-1' || p.spec.nodeName === 'node-3')).toBe(true);
    });
    await expect(cluster.client.get('pods', 'default', 'bare')).rejects.toThrow('pods "bare" not found');
    expect(await kctl('uncordon', 'node-2')).toEqual({ code: 0, out: 'node/node-2 uncordoned\n', err: '' });
  });

  test('--timeout when a pod never terminates', async () => {
    // n1 has no kubelet: a pod bound there stays Terminating once deleted.
    await cluster.client.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stuck', namespace: 'default' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }] } });
    const r = await kctl('drain', 'n1', '--force', '--timeout=1s');
    expect(r.code).toBe(1);
    expect(r.out).toBe('node/n1 cordoned\nevicting pod default/stuck\n');
    const failure = 'error when waiting for pod "stuck" in namespace "default" to terminate: context deadline exceeded';
    expect(r.err).toBe(
      'Warning: deleting Pods that declare no controller: default/stuck\n' +
        `There are pending pods in node "n1" when an error occurred: ${failure}\npod/stuck\n` +
        `error: unable to drain node "n1" due to error: ${failure}, continuing command...\n` +
        'There are pending nodes to be drained:\n n1\n' +
        `error: ${failure}\n`,
    );
    expect((await cluster.client.get('pods', 'default', 'stuck')).metadata.deletionTimestamp).toBeTruthy();
    await cluster.client.delete('pods', 'default', 'stuck', { gracePeriodSeconds: 0 });
    expect((await kctl('uncordon', 'n1')).out).toBe('node/n1 uncordoned\n');
  });
});
