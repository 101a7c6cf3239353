// kctl-kubelet as its own process: registers, renews, and on SIGTERM stops
// (leaving the Node, or deleting it with --delete-node-on-exit).
import { NODE_LEASE_NAMESPACE } from '@kctl/api';
import type { LeaseObject, NodeObject } from '@kctl/api';
import { ControlPlane, eventually, startControlPlane } from '@kctl/testing';
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';

describe('kctl-kubelet process', () => {
  let cp: ControlPlane;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    cp = await startControlPlane();
  });

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child!.once('exit', resolve));
    }
  });

  afterAll(async () => {
    await cp?.stop();
  });

  const run = (...args: string[]): ChildProcess => {
    output = '';
    const proc = spawn(process.execPath, [path.join(__dirname, '..', 'main.js'), '--server', cp.address, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    return proc;
  };

  const exitCode = (proc: ChildProcess): Promise<number | null> =>
    proc.exitCode !== null ? Promise.resolve(proc.exitCode) : new Promise((resolve) => proc.once('exit', (code) => resolve(code)));

  it('registers its Node and Lease, and leaves the Node behind on SIGTERM', async () => {
    child = run('--node-name', 'proc-node-1', '--node-ip', '127.0.5.1', '--node-labels', 'zone=z1', '--lease-duration', '20s');
    const node = await eventually(() => cp.client.get<NodeObject>('nodes', '', 'proc-node-1'));
    expect(node.metadata.labels).toMatchObject({ zone: 'z1', 'kubernetes.io/hostname': 'proc-node-1' });
    expect(node.status?.addresses?.[0]).toEqual({ type: 'InternalIP', address: '127.0.5.1' });
    const lease = await eventually(() => cp.client.get<LeaseObject>('leases', NODE_LEASE_NAMESPACE, 'proc-node-1'));
    expect(lease.spec?.leaseDurationSeconds).toBe(20);
    await eventually(() => expect(output).toContain('proc-node-1 ready'));
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
    expect((await cp.client.get<NodeObject>('nodes', '', 'proc-node-1')).metadata.uid).toBe(node.metadata.uid);
  });

  it('deletes its Node on SIGTERM with --delete-node-on-exit', async () => {
    child = run('--node-name', 'proc-node-2', '--delete-node-on-exit');
    await eventually(() => expect(output).toContain('proc-node-2 ready'));
    child.kill('SIGINT');
    expect(await exitCode(child)).toBe(0);
    await expect(cp.client.get('nodes', '', 'proc-node-2')).rejects.toMatchObject({ reason: 'NotFound' });
  });

  it('refuses a runtime it does not have', async () => {
    child = run('--container-runtime', 'containerd');
    expect(await exitCode(child)).toBe(1);
    expect(output).toContain('is not supported');
  });
});
