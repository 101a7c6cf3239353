// kctl-scheduler as its own process: it schedules, and stops cleanly on SIGTERM.
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { eventually, startTestCluster, TestCluster } from './cluster';

jest.setTimeout(60_000);

describe('kctl-scheduler process', () => {
  let cluster: TestCluster;
  let child: ChildProcess | undefined;
  let output = '';

  beforeEach(async () => {
    cluster = await startTestCluster();
  });

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child!.once('exit', resolve));
    }
    await cluster.stop();
  });

  const run = (...args: string[]): ChildProcess => {
    output = '';
    const proc = spawn(process.execPath, [path.join(__dirname, '..', 'main.js'), '--server', cluster.address, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    return proc;
  };

  const exitCode = (proc: ChildProcess): Promise<number | null> =>
    proc.exitCode !== null ? Promise.resolve(proc.exitCode) : new Promise((resolve) => proc.once('exit', (code) => resolve(code)));

  it('binds pods, holds the lease, and exits 0 on SIGTERM releasing it', async () => {
    await cluster.createNode('n1');
    child = run('--identity', 'proc-1', '--leader-elect-lease-duration', '2s', '--leader-elect-renew-deadline', '1500ms', '--leader-elect-retry-period', '200ms');
    await cluster.createPod('a');
    await eventually(async () => expect((await cluster.getPod('a')).spec?.nodeName).toBe('n1'));
    const lease = await cluster.client.get<{ apiVersion: string; kind: string; metadata: object; spec: { holderIdentity: string } }>('leases', 'kube-system', 'kube-scheduler');
    expect(lease.spec.holderIdentity).toBe('proc-1');
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
    const released = await cluster.client.get<{ apiVersion: string; kind: string; metadata: object; spec: { holderIdentity?: string } }>('leases', 'kube-system', 'kube-scheduler');
    expect(released.spec.holderIdentity ?? '').toBe('');
    expect(output).toContain('became leader');
  });

  it('runs without leader election when told --leader-elect=false', async () => {
    await cluster.createNode('n1');
    child = run('--leader-elect=false');
    await cluster.createPod('a');
    await eventually(async () => expect((await cluster.getPod('a')).spec?.nodeName).toBe('n1'));
    await expect(cluster.client.get('leases', 'kube-system', 'kube-scheduler')).rejects.toThrow(/not found/);
    child.kill('SIGINT');
    expect(await exitCode(child)).toBe(0);
  });

  it('refuses a bad flag value', async () => {
    child = run('--leader-elect-lease-duration', 'soon');
    expect(await exitCode(child)).toBe(1);
    expect(output).toContain('is not a duration');
  });
});
