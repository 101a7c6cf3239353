// The whole control plane together: apiserver, scheduler and controller-manager on a
// real etcd, with simulated nodes standing in for kubelets (they report bound pods
// Running and Ready, and finish graceful deletes).
import * as os from 'os';
import { KObject } from '@kctl/api';
import { start as startControllerManager, testing } from '@kctl/controller-manager';
import { run } from '@kctl/kctl';
import { start as startScheduler } from '@kctl/scheduler';
import { ControlPlane, eventually, startControlPlane } from '@kctl/testing';

const NODES = ['node-1', 'node-2', 'node-3'];

let cp: ControlPlane;
let stopAll: () => Promise<void>;

beforeAll(async () => {
  cp = await startControlPlane();
  const simulated = await testing.startSimulatedNodes({ client: cp.client, nodes: NODES, bind: false, registerNodes: true });
  const scheduler = await startScheduler({ server: cp.address, leaderElection: false });
  const controllers = await startControllerManager({ server: cp.address, leaderElection: false });
  stopAll = async () => {
    await controllers.stop();
    await scheduler.stop();
    await simulated.stop();
    await cp.stop();
  };
});
afterAll(() => stopAll());

interface PodView {
  name: string;
  node: string;
  ready: boolean;
  terminating: boolean;
}

async function pods(selector = 'app=web'): Promise<PodView[]> {
  const { items } = await cp.client.list('pods', { namespace: 'default', labelSelector: selector });
  return items.map((p) => ({
    name: p.metadata.name ?? '',
    node: (p.spec as { nodeName?: string }).nodeName ?? '',
    ready: ((p.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    terminating: !!p.metadata.deletionTimestamp,
  }));
}

async function readyOnNodes(count: number): Promise<PodView[]> {
  return eventually(async () => {
    const all = await pods();
    expect(all.filter((p) => !p.terminating)).toHaveLength(count);
    expect(all.every((p) => p.ready && p.node && !p.terminating)).toBe(true);
    return all;
  }, 30_000);
}

const kctl = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
  let out = '';
  let err = '';
  const code = await run([...args, '--server', cp.address], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: process.stdin,
    env: { HOME: os.tmpdir() },
  });
  return { code, out, err };
};

const deployment: KObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }] } },
  },
};

it('places a 3-replica Deployment on 3 different nodes', async () => {
  await cp.client.create('deployments', deployment);
  const placed = await readyOnNodes(3);
  expect(new Set(placed.map((p) => p.node))).toEqual(new Set(NODES));
  await eventually(async () => {
    const d = await cp.client.get('deployments', 'default', 'web');
    expect(d.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });
  });
});

it('scales to 10 and back to 0', async () => {
  expect((await kctl('scale', 'deployment/web', '--replicas=10')).out).toBe('deployment.apps/web scaled\n');
  const placed = await readyOnNodes(10);
  // Spreading keeps the nodes within one pod of each other.
  const perNode = NODES.map((n) => placed.filter((p) => p.node === n).length);
  expect(Math.max(...perNode) - Math.min(...perNode)).toBeLessThanOrEqual(1);
  await kctl('scale', 'deployment/web', '--replicas=0');
  await eventually(async () => expect(await pods()).toEqual([]), 30_000);
});

it('keeps new pods off a cordoned node, and drain moves pods away', async () => {
  expect((await kctl('cordon', 'node-1')).out).toBe('node/node-1 cordoned\n');
  await kctl('scale', 'deployment/web', '--replicas=6');
  const placed = await readyOnNodes(6);
  expect(placed.filter((p) => p.node === 'node-1')).toEqual([]);

  const drained = await kctl('drain', 'node-2', '--timeout=60s');
  expect(drained.code).toBe(0);
  expect(drained.out).toContain('node/node-2 drained');
  const after = await readyOnNodes(6);
  expect(new Set(after.map((p) => p.node))).toEqual(new Set(['node-3']));
  await kctl('uncordon', 'node-1');
  await kctl('uncordon', 'node-2');
});

it('leaves a pod that fits nowhere Pending with the FailedScheduling reason', async () => {
  await cp.client.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'huge', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '100' } } }] },
  });
  const event = await eventually(async () => {
    const { items } = await cp.client.list('events', { namespace: 'default', fieldSelector: 'involvedObject.name=huge,reason=FailedScheduling' });
    expect(items).toHaveLength(1);
    return items[0]!;
  });
  expect(event.message).toBe('0/3 nodes are available: 3 Insufficient cpu.');
  const huge = await cp.client.get('pods', 'default', 'huge');
  expect((huge.status as { phase: string }).phase).toBe('Pending');
  expect((huge.spec as { nodeName?: string }).nodeName).toBeUndefined();
});

it('rolls out a new image and undoes it', async () => {
  expect((await kctl('set', 'image', 'deployment/web', 'web=nginx:1.28')).code).toBe(0);
  const status = await kctl('rollout', 'status', 'deployment/web', '--timeout=60s');
  expect(status.out).toContain('deployment "web" successfully rolled out');
  expect((await kctl('rollout', 'undo', 'deployment/web')).out).toBe('deployment.apps/web rolled back\n');
  await kctl('rollout', 'status', 'deployment/web', '--timeout=60s');
  const d = await cp.client.get('deployments', 'default', 'web');
  expect((d.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image).toBe('nginx:1.27');
  expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
});
