// What every ContainerRuntime must do as the kubelet relies on it, written once
// as jest tests and run against the fake runtime and against CriRuntime on a real
// containerd, so the fake cannot drift from what a real runtime answers.
import { isRuntimeError, RuntimeErrorCode } from './errors';
import type { ContainerConfig, ContainerRuntime, ContainerStatus, PodSandboxConfig } from './runtime';
import { runtimeVersionString } from './runtime';

export interface ConformanceHarness {
  runtime: ContainerRuntime;
  /** The runtimeName Version answers, e.g. containerd. */
  runtimeName: string;
  /** A present image with busybox's sh, sleep and echo. */
  busybox: string;
  /** An image that is not present and cannot be pulled. */
  unpullableImage: string;
  /** Sandbox IPs start with this, e.g. "10.201.7." (a /24 per node). */
  podIPPrefix: string;
  /** Where a sandbox's logs go, when the runtime writes them. */
  logDirectory?: (sandboxName: string) => string;
  /** Lets ms of the runtime's time pass: the fake steps its clock, a real runtime waits. */
  passTime(ms: number): Promise<void>;
}

/** Pods never get the host's resolver (its nameserver is off the machine). */
const DNS = { servers: ['10.96.0.10'], searches: ['default.svc.cluster.local', 'svc.cluster.local'], options: ['ndots:5'] };
const MISSING_ID = '0'.repeat(64);
/** Attempts of passTime(POLL_MS) before a wait gives up. */
const POLLS = 200;
const POLL_MS = 50;

async function failureCode(p: Promise<unknown>): Promise<RuntimeErrorCode> {
  try {
    await p;
  } catch (err) {
    if (isRuntimeError(err)) return err.code;
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** Defines the conformance tests; harness() is read once the caller's beforeAll ran. */
export function describeRuntimeConformance(title: string, harness: () => ConformanceHarness): void {
  describe(`${title}: ContainerRuntime conformance`, () => {
    let h: ConformanceHarness;
    let serial = 0;

    beforeAll(() => {
      h = harness();
    });

    const sandboxConfig = (name: string): PodSandboxConfig => {
      const n = serial++;
      return {
        metadata: { name, namespace: 'conformance', uid: `uid-${name}-${process.pid}-${n}`, attempt: 0 },
        hostname: name,
        logDirectory: h.logDirectory?.(`${name}-${n}`),
        dnsConfig: DNS,
        labels: { 'kctl.io/conformance': name },
      };
    };
    const containerConfig = (name: string, command: string[]): ContainerConfig => ({
      metadata: { name, attempt: 0 }, image: { image: h.busybox }, command, logPath: `${name}/0.log`, labels: { container: name },
    });

    async function runContainer(name: string, command: string[]): Promise<{ sandbox: string; container: string }> {
      const config = sandboxConfig(name);
      const sandbox = await h.runtime.runPodSandbox(config);
      const container = await h.runtime.createContainer(sandbox, containerConfig(name, command), config);
      await h.runtime.startContainer(container);
      return { sandbox, container };
    }

    async function cleanUp(sandbox: string): Promise<void> {
      await h.runtime.stopPodSandbox(sandbox);
      await h.runtime.removePodSandbox(sandbox);
    }

    async function untilExited(id: string): Promise<ContainerStatus> {
      for (let i = 0; i < POLLS; i++) {
        const status = await h.runtime.containerStatus(id);
        if (status.state === 'exited') return status;
        await h.passTime(POLL_MS);
      }
      throw new Error(`container ${id} did not exit`);
    }

    it('answers Version over CRI v1 and a ready Status', async () => {
      const version = await h.runtime.version();
      expect(version).toMatchObject({ runtimeName: h.runtimeName, runtimeApiVersion: 'v1' });
      expect(runtimeVersionString(version)).toMatch(new RegExp(`^${h.runtimeName}://\\S+$`));
      const { conditions } = await h.runtime.status();
      expect(conditions.filter((c) => c.type === 'RuntimeReady' || c.type === 'NetworkReady').map((c) => [c.type, c.status]).sort()).toEqual([
        ['NetworkReady', true], ['RuntimeReady', true],
      ]);
    });

    it('runs a sandbox with an IP of the node, lists it, and takes the IP back when it stops', async () => {
      const config = sandboxConfig('ip');
      const id = await h.runtime.runPodSandbox(config);
      const status = await h.runtime.podSandboxStatus(id);
      expect(status).toMatchObject({ id, state: 'ready', metadata: config.metadata, labels: config.labels });
      expect(status.ips).toHaveLength(1);
      expect(status.ips[0]?.startsWith(h.podIPPrefix)).toBe(true);
      expect((await h.runtime.listPodSandboxes({ labelSelector: { 'kctl.io/conformance': 'ip' } })).map((s) => s.id)).toEqual([id]);
      expect((await h.runtime.listPodSandboxes({ id, state: 'ready' })).map((s) => s.id)).toEqual([id]);

      await h.runtime.stopPodSandbox(id);
      expect(await h.runtime.podSandboxStatus(id)).toMatchObject({ state: 'notready', ips: [] });
      expect(await h.runtime.listPodSandboxes({ id, state: 'ready' })).toEqual([]);
      await h.runtime.stopPodSandbox(id); // idempotent
      await h.runtime.removePodSandbox(id);
      await h.runtime.removePodSandbox(id); // idempotent
      expect(await failureCode(h.runtime.podSandboxStatus(id))).toBe('NotFound');
      expect(await h.runtime.listPodSandboxes({ id })).toEqual([]);
    });

    it('runs a sleeping container, execs in it, stops and removes it', async () => {
      const { sandbox, container } = await runContainer('sleeper', ['sleep', '3600']);
      const running = await h.runtime.containerStatus(container);
      expect(running).toMatchObject({ id: container, podSandboxId: sandbox, state: 'running', metadata: { name: 'sleeper', attempt: 0 }, labels: { container: 'sleeper' } });
      expect(running.imageRef).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(running.startedAt).toBeGreaterThanOrEqual(running.createdAt);
      expect((await h.runtime.listContainers({ podSandboxId: sandbox })).map((c) => [c.id, c.state])).toEqual([[container, 'running']]);
      expect((await h.runtime.listContainers({ podSandboxId: sandbox, state: 'exited' }))).toEqual([]);

      const exec = await h.runtime.execSync(container, ['sh', '-c', 'echo hello; exit 3'], 10);
      expect(exec.stdout.toString()).toBe('hello\n');
      expect(exec.exitCode).toBe(3);
      expect((await h.runtime.execSync(container, ['true'], 10)).exitCode).toBe(0);

      await h.runtime.stopContainer(container, 1);
      const stopped = await h.runtime.containerStatus(container);
      expect(stopped.state).toBe('exited');
      // Killed by a signal: 128 + SIGTERM, or + SIGKILL once the grace period ran out.
      expect([143, 137]).toContain(stopped.exitCode);
      expect(stopped.finishedAt).toBeGreaterThanOrEqual(stopped.startedAt);
      await h.runtime.stopContainer(container, 1); // idempotent

      await h.runtime.removeContainer(container);
      expect(await failureCode(h.runtime.containerStatus(container))).toBe('NotFound');
      expect(await h.runtime.listContainers({ podSandboxId: sandbox })).toEqual([]);
      await cleanUp(sandbox);
    });

    it('reports the exit code and reason of containers that finish', async () => {
      const failed = await runContainer('fails', ['sh', '-c', 'exit 3']);
      expect(await untilExited(failed.container)).toMatchObject({ state: 'exited', exitCode: 3, reason: 'Error' });
      const done = await runContainer('succeeds', ['true']);
      expect(await untilExited(done.container)).toMatchObject({ state: 'exited', exitCode: 0, reason: 'Completed' });
      await cleanUp(failed.sandbox);
      await cleanUp(done.sandbox);
    });

    it('removes a running container by force, as CRI says', async () => {
      const { sandbox, container } = await runContainer('forced', ['sleep', '3600']);
      await h.runtime.removeContainer(container);
      expect(await failureCode(h.runtime.containerStatus(container))).toBe('NotFound');
      await h.runtime.removeContainer(container); // idempotent
      await cleanUp(sandbox);
    });

    it('stopping a sandbox stops its containers; removing it removes them', async () => {
      const { sandbox, container } = await runContainer('inside', ['sleep', '3600']);
      await h.runtime.stopPodSandbox(sandbox);
      expect((await h.runtime.containerStatus(container)).state).toBe('exited');
      await h.runtime.removePodSandbox(sandbox);
      expect(await failureCode(h.runtime.containerStatus(container))).toBe('NotFound');
    });

    it('has no status for a missing image and fails its pull with ImagePull', async () => {
      const present = await h.runtime.imageStatus({ image: h.busybox });
      expect(present?.repoTags).toContain(h.busybox);
      expect(present?.id).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect((await h.runtime.listImages()).map((i) => i.id)).toContain(present?.id);
      expect(await h.runtime.imageStatus({ image: h.unpullableImage })).toBeUndefined();
      expect(await failureCode(h.runtime.pullImage({ image: h.unpullableImage }))).toBe('ImagePull');
      await h.runtime.removeImage({ image: h.unpullableImage }); // idempotent
      const fs = await h.runtime.imageFsInfo();
      expect(fs.imageFilesystems.length).toBeGreaterThan(0);
      // containerd counts the snapshotter's usage every few seconds, so a fresh node may still say 0.
      expect(fs.imageFilesystems[0]?.mountpoint).toMatch(/^\//);
      expect(fs.imageFilesystems[0]?.usedBytes).toBeGreaterThanOrEqual(0);
    });

    it('answers NotFound for unknown sandboxes and containers', async () => {
      expect(await failureCode(h.runtime.podSandboxStatus(MISSING_ID))).toBe('NotFound');
      expect(await failureCode(h.runtime.containerStatus(MISSING_ID))).toBe('NotFound');
      expect(await failureCode(h.runtime.startContainer(MISSING_ID))).toBe('NotFound');
    });
  });
}
