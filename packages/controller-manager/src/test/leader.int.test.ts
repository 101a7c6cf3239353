// Leader election: only the Lease holder runs controllers; a killed leader is
// replaced by a standby once its lease runs out; a stopped one hands over at once.
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { KObject } from '@kctl/api';
import { ControllerManagerHandle } from '../manager';
import { eventually, listPods, newDeployment, startTestCluster, TestCluster, waitForRollout } from './cluster';

const NS = 'default';
const SHORT = { leaseDurationMs: 1000, renewDeadlineMs: 800, retryPeriodMs: 200 };
const MAIN = path.join(__dirname, '..', 'main.js');

async function holder(cluster: TestCluster): Promise<string | undefined> {
  const lease = await cluster.client.get<KObject & { spec?: { holderIdentity?: string } }>('leases', 'kube-system', 'kube-controller-manager');
  return lease.spec?.holderIdentity;
}

function spawnManager(cluster: TestCluster, identity: string): { child: ChildProcess; exited: Promise<number | null>; log: () => string } {
  let log = '';
  const child = spawn(process.execPath, [MAIN, '--server', cluster.address, '--identity', identity, '--leader-elect-lease-duration', '1s', '--leader-elect-renew-deadline', '800ms', '--leader-elect-retry-period', '200ms', '-v'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, log: () => log };
}

describe('leader election (integration)', () => {
  let cluster: TestCluster;
  let standby: ControllerManagerHandle;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    cluster = await startTestCluster();
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await cluster?.stop();
  });

  it('a standby takes over when the leader process is killed, and the work finishes', async () => {
    const leader = spawnManager(cluster, 'cm-a');
    children.push(leader.child);
    await eventually(async () => expect(await holder(cluster)).toBe('cm-a'));

    standby = await cluster.startManager({ identity: 'cm-b', leaderElection: SHORT });
    await cluster.client.create('deployments', newDeployment('ha', { replicas: 2 }));
    await waitForRollout(cluster.client, NS, 'ha');
    expect(standby.isLeader()).toBe(false);
    expect(await holder(cluster)).toBe('cm-a');

    leader.child.kill('SIGKILL');
    await leader.exited;
    await cluster.client.updateScale('deployments', NS, 'ha', 5);
    await waitForRollout(cluster.client, NS, 'ha');
    expect((await listPods(cluster.client, NS, 'app=ha')).length).toBe(5);
    expect(standby.isLeader()).toBe(true);
    expect(await holder(cluster)).toBe('cm-b');
  });

  it('stopping the leader hands over at once; a process stops cleanly on SIGTERM', async () => {
    const proc = spawnManager(cluster, 'cm-c');
    children.push(proc.child);
    await eventually(() => expect(proc.log()).toContain('the leader is cm-b'));

    // stop() releases the Lease: the process standby takes over.
    await standby.stop();
    expect(standby.isLeader()).toBe(false);
    await eventually(async () => expect(await holder(cluster)).toBe('cm-c'));
    await cluster.client.updateScale('deployments', NS, 'ha', 3);
    await waitForRollout(cluster.client, NS, 'ha');

    const next = await cluster.startManager({ identity: 'cm-d', leaderElection: SHORT });
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.log()).toContain('SIGTERM: stopping');
    await eventually(async () => expect(await holder(cluster)).toBe('cm-d'));
    await eventually(() => expect(next.isLeader()).toBe(true));
    await cluster.client.updateScale('deployments', NS, 'ha', 1);
    await waitForRollout(cluster.client, NS, 'ha');
  });
});
