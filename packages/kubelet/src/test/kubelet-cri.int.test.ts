// The kubelet on a real containerd (--container-runtime cri) against a real
// apiserver and etcd: the Node it registers names the runtime containerd answers for.
import type { NodeObject } from '@kctl/api';
import { FakeClock } from '@kctl/client';
import { buildNodeImages, ContainerdHandle, freePodCidr, realNodeSkipReason, startContainerd } from '@kctl/cri';
import { ControlPlane, eventually, startControlPlane } from '@kctl/testing';
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { parseKubeletFlags } from '../flags';
import { startKubelet } from '../kubelet';
import { TEST_MACHINE } from '../node/test-machine';
import { runtimeFromFlags } from '../runtime/select';

const skip = realNodeSkipReason();
const suite = skip ? describe.skip : describe;
/** Debian 12's containerd. */
const CONTAINERD_1_6 = /^containerd:\/\/1\.6\.\d+/;

suite(skip ? `kubelet on a real containerd (skipped: ${skip})` : 'kubelet on a real containerd', () => {
  let cp: ControlPlane;
  let node: ContainerdHandle;

  beforeAll(async () => {
    node = await startContainerd({ podCidr: freePodCidr(), sandboxImage: buildNodeImages().pause.ref });
    cp = await startControlPlane();
  }, 120_000);

  afterAll(async () => {
    await cp?.stop();
    await node?.stop();
  }, 60_000);

  const getNode = (name: string): Promise<NodeObject> => cp.client.get<NodeObject>('nodes', '', name);
  const readyOf = (n: NodeObject): string | undefined => n.status?.conditions?.find((c) => c.type === 'Ready')?.status;

  it('registers a Ready Node whose containerRuntimeVersion is containerd 1.6', async () => {
    const flags = parseKubeletFlags(['--node-name', 'cri-node-1', '--container-runtime', 'cri', '--container-runtime-endpoint', `unix://${node.socket}`]);
    const selected = runtimeFromFlags(flags);
    const kubelet = await startKubelet({ ...flags, client: cp.client, nodeIP: '127.0.4.1', clock: new FakeClock(), machine: TEST_MACHINE, runtime: selected.runtime });
    try {
      await kubelet.ready;
      const registered = await getNode('cri-node-1');
      expect(registered.status?.nodeInfo?.containerRuntimeVersion).toMatch(CONTAINERD_1_6);
      expect(readyOf(registered)).toBe('True');
    } finally {
      await kubelet.stop();
      selected.close();
    }
  }, 60_000);

  it('kctl-kubelet --container-runtime cri registers the same way and exits cleanly on SIGTERM', async () => {
    let output = '';
    const child: ChildProcess = spawn(
      process.execPath,
      [path.join(__dirname, '..', 'main.js'), '--server', cp.address, '--node-name', 'cri-node-2', '--node-ip', '127.0.4.2', '--container-runtime', 'cri', '--container-runtime-endpoint', `unix://${node.socket}`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await eventually(() => expect(output).toContain('cri-node-2 ready'));
      expect((await getNode('cri-node-2')).status?.nodeInfo?.containerRuntimeVersion).toMatch(CONTAINERD_1_6);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    }
  }, 60_000);
});
