// CriRuntime on a real containerd: the conformance suite, plus what only a real
// runtime shows (the DNS config reaching the pod, an unreachable socket).
import * as path from 'path';
import { buildNodeImages, ContainerdHandle, freePodCidr, importImages, realNodeSkipReason, startContainerd } from '@kctl/cri';
import { isRuntimeError } from '../errors';
import { describeRuntimeConformance } from '../conformance';
import { CriRuntime, socketOfEndpoint } from './cri-runtime';

const skip = realNodeSkipReason();
const suite = skip ? describe.skip : describe;
const UNPULLABLE = 'kctl.local/not-imported:1';

suite(skip ? `CriRuntime on a real containerd (skipped: ${skip})` : 'CriRuntime on a real containerd', () => {
  let node: ContainerdHandle;
  let runtime: CriRuntime;
  let images: ReturnType<typeof buildNodeImages>;

  beforeAll(async () => {
    images = buildNodeImages();
    node = await startContainerd({ podCidr: freePodCidr(), sandboxImage: images.pause.ref });
    importImages(node.socket, [images.pause, images.busybox]);
    runtime = new CriRuntime({ endpoint: `unix://${node.socket}`, timeoutMs: 30_000 });
  }, 120_000);

  afterAll(async () => {
    runtime?.close();
    await node?.stop();
  }, 60_000);

  describeRuntimeConformance('CriRuntime', () => ({
    runtime,
    runtimeName: 'containerd',
    busybox: images.busybox.ref,
    unpullableImage: UNPULLABLE,
    podIPPrefix: node.podCidr.split('.').slice(0, 3).join('.') + '.',
    logDirectory: (name) => path.join(node.dir, 'pods', name),
    passTime: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  }));

  it('gives the pod the DNS config passed, never the host resolver', async () => {
    const config = {
      metadata: { name: 'dns', namespace: 'default', uid: `uid-dns-${process.pid}`, attempt: 0 },
      dnsConfig: { servers: ['10.96.0.10'], searches: ['default.svc.cluster.local'], options: ['ndots:5'] },
    };
    const sandbox = await runtime.runPodSandbox(config);
    const container = await runtime.createContainer(sandbox, { metadata: { name: 'dns', attempt: 0 }, image: { image: images.busybox.ref }, command: ['sleep', '3600'] }, config);
    await runtime.startContainer(container);
    const resolv = (await runtime.execSync(container, ['cat', '/etc/resolv.conf'], 10)).stdout.toString();
    expect(resolv.split('\n').filter((l) => l.startsWith('nameserver'))).toEqual(['nameserver 10.96.0.10']);
    await runtime.stopPodSandbox(sandbox);
    await runtime.removePodSandbox(sandbox);
  }, 60_000);
});

describe('CriRuntime without a runtime', () => {
  it('answers Unavailable when nothing listens on the socket', async () => {
    const runtime = new CriRuntime({ endpoint: 'unix:///nonexistent/kctl/containerd.sock', timeoutMs: 5_000 });
    try {
      const err = await runtime.version().then(() => undefined, (e: unknown) => e);
      expect(isRuntimeError(err, 'Unavailable')).toBe(true);
      const statusErr = await runtime.status().then(() => undefined, (e: unknown) => e);
      expect(isRuntimeError(statusErr, 'Unavailable')).toBe(true);
    } finally {
      runtime.close();
    }
  });

  it('takes unix:// endpoints and bare paths, and refuses other schemes', () => {
    expect(socketOfEndpoint('unix:///run/containerd/containerd.sock')).toBe('/run/containerd/containerd.sock');
    expect(socketOfEndpoint('/run/containerd/containerd.sock')).toBe('/run/containerd/containerd.sock');
    expect(() => socketOfEndpoint('tcp://127.0.0.1:1234')).toThrow('only unix://');
  });
});
