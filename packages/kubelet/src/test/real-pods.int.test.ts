// End to end on one real node: a pod bound to a kubelet on a real containerd
// runs as a container, answers HTTP on its pod IP, and is removed on delete.
import { isNotFound } from '@kctl/api';
import type { PodObject } from '@kctl/api';
import { buildNodeImages, ContainerdHandle, freePodCidr, importImages, realNodeSkipReason, startContainerd } from '@kctl/cri';
import { ControlPlane, eventually, startControlPlane } from '@kctl/testing';
import { KubeletHandle, startKubelet } from '../kubelet';
import { TEST_MACHINE } from '../node/test-machine';
import { CriRuntime } from '../runtime/cri/cri-runtime';

const skip = realNodeSkipReason();
const suite = skip ? describe.skip : describe;
const NODE = 'real-node-1';

suite(skip ? `pods on a real containerd (skipped: ${skip})` : 'pods on a real containerd', () => {
  let cp: ControlPlane;
  let node: ContainerdHandle;
  let runtime: CriRuntime;
  let kubelet: KubeletHandle;
  let httpdImage: string;

  beforeAll(async () => {
    const images = buildNodeImages();
    httpdImage = images.httpd.ref;
    node = await startContainerd({ podCidr: freePodCidr(), sandboxImage: images.pause.ref });
    importImages(node.socket, [images.pause, images.httpd]);
    cp = await startControlPlane();
    runtime = new CriRuntime({ endpoint: `unix://${node.socket}` });
    // Real time: containers really start and stop. No DNS server is given, so pods get a
    // resolver configuration with none rather than the host's.
    kubelet = await startKubelet({ client: cp.client, nodeName: NODE, nodeIP: '127.0.4.9', machine: TEST_MACHINE, runtime });
    await kubelet.ready;
  }, 180_000);

  afterAll(async () => {
    await kubelet?.stop();
    runtime?.close();
    await cp?.stop();
    await node?.stop();
  }, 120_000);

  it('runs an HTTP server pod that answers 200 on its pod IP, then stops it on delete', async () => {
    const pod: PodObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: { nodeName: NODE, terminationGracePeriodSeconds: 5, containers: [{ name: 'httpd', image: httpdImage, imagePullPolicy: 'IfNotPresent' }] },
    };
    await cp.client.create('pods', pod);

    const running = await eventually(async () => {
      const current = await cp.client.get<PodObject>('pods', 'default', 'web');
      expect(current.status?.phase).toBe('Running');
      expect(current.status?.containerStatuses?.[0]?.ready).toBe(true);
      return current;
    }, 60_000);
    const ip = running.status?.podIP ?? '';
    expect(running.status?.containerStatuses?.[0]?.containerID).toMatch(/^containerd:\/\//);
    // The pod IP is in the node's own bridge network, which the test created.
    expect(node.podCidr.startsWith(ip.split('.').slice(0, 3).join('.'))).toBe(true);

    const answer = await eventually(async () => {
      const res = await fetch(`http://${ip}:8080/`, { signal: AbortSignal.timeout(2000) });
      expect(res.status).toBe(200);
      return res.text();
    });
    // The server answers with its hostname, which the kubelet sets to the pod's name.
    expect(answer).toContain('web');

    await cp.client.delete('pods', 'default', 'web');
    await eventually(async () => {
      const gone = await cp.client.get('pods', 'default', 'web').then(() => false, (err: unknown) => isNotFound(err));
      expect(gone).toBe(true);
    }, 60_000);
    expect((await runtime.listContainers()).filter((c) => c.state === 'running')).toEqual([]);
  }, 150_000);
});
