import { FakeClock } from '@kctl/client';
import { RuntimeError } from '../errors';
import type { ContainerConfig, PodSandboxConfig } from '../runtime';
import { FakeRuntime, normalizeImage } from './fake-runtime';

const sandboxConfig = (name: string): PodSandboxConfig => ({ metadata: { name, namespace: 'default', uid: `uid-${name}`, attempt: 0 }, labels: { app: name } });
const containerConfig = (name: string, command: string[] = [], image = 'busybox'): ContainerConfig => ({ metadata: { name, attempt: 0 }, image: { image }, command });

/** The RuntimeError code p rejects with. */
async function failureCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof RuntimeError) return err.code;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('FakeRuntime', () => {
  let clock: FakeClock;
  let runtime: FakeRuntime;

  beforeEach(() => {
    clock = new FakeClock();
    runtime = new FakeRuntime({ clock, images: ['busybox'], podIPPrefix: '10.9.1.', version: { runtimeName: 'fake', runtimeVersion: '1.2.3' } });
  });

  async function runContainer(name: string, command: string[] = []): Promise<{ sandbox: string; container: string }> {
    const sandbox = await runtime.runPodSandbox(sandboxConfig(name));
    const container = await runtime.createContainer(sandbox, containerConfig(name, command), sandboxConfig(name));
    await runtime.startContainer(container);
    return { sandbox, container };
  }

  it('answers Version and a ready Status', async () => {
    expect(await runtime.version()).toEqual({ runtimeName: 'fake', runtimeVersion: '1.2.3', runtimeApiVersion: 'v1' });
    expect((await runtime.status()).conditions.map((c) => [c.type, c.status])).toEqual([['RuntimeReady', true], ['NetworkReady', true]]);
    runtime.setCondition('NetworkReady', false, 'NetworkPluginNotReady', 'cni plugin not initialized');
    expect((await runtime.status()).conditions.find((c) => c.type === 'NetworkReady')).toEqual({ type: 'NetworkReady', status: false, reason: 'NetworkPluginNotReady', message: 'cni plugin not initialized' });
  });

  it('gives each sandbox its own IP and takes it back when the sandbox stops', async () => {
    const a = await runtime.runPodSandbox(sandboxConfig('a'));
    const b = await runtime.runPodSandbox(sandboxConfig('b'));
    expect((await runtime.podSandboxStatus(a)).ips).toEqual(['10.9.1.2']);
    expect((await runtime.podSandboxStatus(b)).ips).toEqual(['10.9.1.3']);
    await runtime.stopPodSandbox(a);
    expect(await runtime.podSandboxStatus(a)).toMatchObject({ state: 'notready', ips: [] });
    const c = await runtime.runPodSandbox(sandboxConfig('c'));
    expect((await runtime.podSandboxStatus(c)).ips).toEqual(['10.9.1.2']);
    expect((await runtime.listPodSandboxes({ state: 'ready' })).map((s) => s.metadata.name).sort()).toEqual(['b', 'c']);
    expect((await runtime.listPodSandboxes({ labelSelector: { app: 'b' } })).map((s) => s.id)).toEqual([b]);
    await runtime.removePodSandbox(a);
    expect(await failureCode(runtime.podSandboxStatus(a))).toBe('NotFound');
  });

  it('runs a container until stopped, then reports it exited by the signal', async () => {
    const { sandbox, container } = await runContainer('web');
    expect(await runtime.containerStatus(container)).toMatchObject({ state: 'running', startedAt: clock.now(), imageRef: expect.stringMatching(/^sha256:/) });
    await clock.step(3_600_000);
    expect((await runtime.containerStatus(container)).state).toBe('running');
    await runtime.stopContainer(container, 30);
    expect(await runtime.containerStatus(container)).toMatchObject({ state: 'exited', exitCode: 143 });
    await runtime.removeContainer(container);
    expect(await runtime.listContainers({ podSandboxId: sandbox })).toEqual([]);
  });

  it('exits a container when its command says, on the clock', async () => {
    const { container } = await runContainer('job', ['sh', '-c', 'sleep 10; exit 2']);
    await clock.step(9_999);
    expect((await runtime.containerStatus(container)).state).toBe('running');
    await clock.step(1);
    expect(await runtime.containerStatus(container)).toMatchObject({ state: 'exited', exitCode: 2, reason: 'Error', finishedAt: clock.now() });
    const done = await runContainer('done', ['true']);
    expect(await runtime.containerStatus(done.container)).toMatchObject({ state: 'exited', exitCode: 0, reason: 'Completed' });
  });

  it('crashes a container on request, then refuses exec in it', async () => {
    const { container } = await runContainer('app');
    runtime.exitContainer(container, 1);
    expect(await runtime.containerStatus(container)).toMatchObject({ state: 'exited', exitCode: 1, reason: 'Error' });
    expect(await failureCode(runtime.execSync(container, ['true'], 1))).toBe('FailedPrecondition');
  });

  it('fails pulls and creates as scripted, and pulls other images', async () => {
    expect(await runtime.imageStatus({ image: 'nginx:1.27' })).toBeUndefined();
    runtime.failPulls('nginx:1.27', 'registry unreachable');
    expect(await failureCode(runtime.pullImage({ image: 'nginx:1.27' }))).toBe('ImagePull');
    runtime.failPulls('nginx:1.27', undefined);
    const ref = await runtime.pullImage({ image: 'nginx:1.27' });
    expect((await runtime.imageStatus({ image: 'docker.io/library/nginx:1.27' }))?.id).toBe(ref);

    const sandbox = await runtime.runPodSandbox(sandboxConfig('p'));
    expect(await failureCode(runtime.createContainer(sandbox, containerConfig('c', [], 'redis'), sandboxConfig('p')))).toBe('CreateContainer');
    runtime.failCreates('c', 'no space left on device');
    await expect(runtime.createContainer(sandbox, containerConfig('c'), sandboxConfig('p'))).rejects.toThrow('no space left on device');
    runtime.failCreates('c', undefined);
    expect(await runtime.createContainer(sandbox, containerConfig('c'), sandboxConfig('p'))).toMatch(/^[0-9a-f]{12}$/);
  });

  it('refuses sandboxes while the network is not ready', async () => {
    runtime.setCondition('NetworkReady', false, 'NetworkPluginNotReady');
    expect(await failureCode(runtime.runPodSandbox(sandboxConfig('x')))).toBe('RunPodSandbox');
  });

  it('stopping a sandbox stops its containers; exec answers by the command', async () => {
    const { sandbox, container } = await runContainer('app');
    expect((await runtime.execSync(container, ['sh', '-c', 'exit 4'], 1)).exitCode).toBe(4);
    expect((await runtime.execSync(container, ['cat', '/tmp/healthy'], 1)).exitCode).toBe(0);
    await runtime.stopPodSandbox(sandbox);
    expect((await runtime.containerStatus(container)).state).toBe('exited');
    const fs = await runtime.imageFsInfo();
    expect(fs.imageFilesystems[0]).toMatchObject({ usedBytes: 5 * 1024 * 1024, inodesUsed: 1 });
  });

  it('normalizes short image names as CRI does', () => {
    expect(normalizeImage('busybox')).toBe('docker.io/library/busybox:latest');
    expect(normalizeImage('library/nginx:1.27')).toBe('docker.io/library/nginx:1.27');
    expect(normalizeImage('localhost:5000/app')).toBe('localhost:5000/app:latest');
    expect(normalizeImage('registry.local/team/app@sha256:abc')).toBe('registry.local/team/app@sha256:abc');
  });
});
