// The CRI client against a real containerd: a node directory of its own, the
// images built from Debian packages, real pods on a bridge this test creates.
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { isNotFound } from '@kctl/api';
import { connectCri, CriClient } from './client';
import { startContainerd, ContainerdHandle } from './containerd/process';
import { linkExists, mountsUnder, isAlive, shimPids } from './containerd/host-state';
import { isImagePullError } from './errors';
import { criLogLines } from './logs';
import { buildNodeImages, importImages } from './images/build';
import { freePodCidr, realNodeSkipReason } from './test/real-node';
import { PodSandboxConfig } from './types';

const skip = realNodeSkipReason();
const suite = skip ? describe.skip : describe;

/** Pods never get the host's resolver (its nameserver is off this machine). */
const DNS = { servers: ['127.0.0.53'], searches: ['default.svc.cluster.local'], options: ['ndots:5'] };

function ipInCidr(ip: string, cidr: string): boolean {
  const prefix = cidr.split('.').slice(0, 3).join('.');
  return ip.startsWith(`${prefix}.`) && cidr.endsWith('/24');
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

/** Retries fn until it resolves: a fresh container needs a moment to listen. Bounded by attempts. */
async function eventually<T>(fn: () => Promise<T>, attempts = 100): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw last;
}

suite(skip ? `CRI on a real containerd (skipped: ${skip})` : 'CRI on a real containerd', () => {
  let node: ContainerdHandle;
  let cri: CriClient;
  let images: ReturnType<typeof buildNodeImages>;
  let attempt = 0;

  const sandboxConfig = (name: string): PodSandboxConfig => ({
    metadata: { name, namespace: 'default', uid: `uid-${name}-${process.pid}`, attempt: attempt++ },
    hostname: name,
    logDirectory: path.join(node.dir, 'pods', name),
    dnsConfig: DNS,
    labels: { 'kctl.io/test': 'cri' },
    linux: {},
  });

  beforeAll(async () => {
    images = buildNodeImages();
    node = await startContainerd({ podCidr: freePodCidr(), sandboxImage: images.pause.ref });
    importImages(node.socket, [images.pause, images.busybox, images.httpd]);
    cri = connectCri({ socket: node.socket, timeoutMs: 30_000 });
  }, 120_000);

  afterAll(async () => {
    cri?.close();
    await node?.stop();
  }, 60_000);

  test('Version names containerd and CRI v1', async () => {
    const v = await cri.runtime.version();
    expect(v.runtimeName).toBe('containerd');
    expect(v.runtimeApiVersion).toBe('v1');
    expect(v.runtimeVersion).toMatch(/^\S+$/);
  });

  test('Status reports the runtime and the CNI network ready', async () => {
    const { conditions } = await cri.runtime.status();
    expect(conditions).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'RuntimeReady', status: true }), expect.objectContaining({ type: 'NetworkReady', status: true })]),
    );
  });

  test('a pod gets an IP in the node range, runs busybox, execs, stops and leaves no lease behind', async () => {
    const config = sandboxConfig('sleeper');
    const podId = await cri.runtime.runPodSandbox(config);
    const status = await cri.runtime.podSandboxStatus(podId);
    expect(status.status?.state).toBe('SANDBOX_READY');
    const ip = status.status?.network?.ip ?? '';
    expect(ipInCidr(ip, node.podCidr)).toBe(true);
    expect(fs.readdirSync(node.ipamLeaseDir)).toContain(ip);

    const containerId = await cri.runtime.createContainer(
      podId,
      { metadata: { name: 'sleep' }, image: { image: images.busybox.ref }, command: ['sleep', '3600'], logPath: 'sleep/0.log' },
      config,
    );
    await cri.runtime.startContainer(containerId);
    expect((await cri.runtime.containerStatus(containerId)).status?.state).toBe('CONTAINER_RUNNING');
    const listed = await cri.runtime.listContainers({ podSandboxId: podId });
    expect(listed.map((c) => c.id)).toEqual([containerId]);

    const echo = await cri.runtime.execSync(containerId, ['sh', '-c', 'echo hello; cat /etc/resolv.conf; exit 3'], 10);
    expect(echo.exitCode).toBe(3);
    expect(echo.stdout.toString()).toContain('hello\n');
    // The DNS config given, not the host's resolver.
    expect(echo.stdout.toString()).toContain('nameserver 127.0.0.53');

    await cri.runtime.stopContainer(containerId, 2);
    const stopped = (await cri.runtime.containerStatus(containerId)).status;
    expect(stopped?.state).toBe('CONTAINER_EXITED');
    expect(stopped?.finishedAt).toBeGreaterThan(0);

    await cri.runtime.removeContainer(containerId);
    expect(isNotFound(await rejection(cri.runtime.containerStatus(containerId)))).toBe(true);
    await cri.runtime.stopPodSandbox(podId);
    await cri.runtime.removePodSandbox(podId);
    await cri.runtime.removePodSandbox(podId); // idempotent
    expect(await cri.runtime.listPodSandbox({ id: podId })).toEqual([]);
    expect(fs.readdirSync(node.ipamLeaseDir)).not.toContain(ip);
  }, 60_000);

  test('the HTTP server image answers 200 on its pod IP', async () => {
    const config = sandboxConfig('web');
    const podId = await cri.runtime.runPodSandbox(config);
    const ip = (await cri.runtime.podSandboxStatus(podId)).status?.network?.ip ?? '';
    const containerId = await cri.runtime.createContainer(
      podId,
      { metadata: { name: 'web' }, image: { image: images.httpd.ref }, envs: [{ key: 'MESSAGE', value: 'served by' }], logPath: 'web/0.log' },
      config,
    );
    await cri.runtime.startContainer(containerId);
    const res = await eventually(() => httpGet(`http://${ip}:8080/`));
    expect(res.status).toBe(200);
    expect(res.body).toBe('served by web\n');
    // Its stderr went to the log file the sandbox and container configs named.
    const log = fs.readFileSync(path.join(node.dir, 'pods', 'web', 'web', '0.log'), 'utf8');
    expect(criLogLines(log)).toEqual([expect.objectContaining({ stream: 'stderr', text: 'listening on 8080' })]);
    // It exits on SIGTERM as PID 1, well within the grace period.
    await cri.runtime.stopContainer(containerId, 10);
    const stopped = (await cri.runtime.containerStatus(containerId)).status;
    expect(stopped?.state).toBe('CONTAINER_EXITED');
    expect(stopped?.exitCode).toBe(0);
    await cri.runtime.stopPodSandbox(podId);
    await cri.runtime.removePodSandbox(podId);
  }, 60_000);

  test('images: present ones are listed, a missing one has no status, pulling an unknown one fails typed', async () => {
    const busybox = await cri.images.imageStatus(images.busybox.ref);
    expect(busybox?.repoTags).toContain(images.busybox.ref);
    expect(busybox?.size).toBeGreaterThan(0);
    const all = await cri.images.listImages();
    expect(all.flatMap((i) => i.repoTags)).toEqual(expect.arrayContaining([images.pause.ref, images.busybox.ref, images.httpd.ref]));

    expect(await cri.images.imageStatus('kctl.local/not-imported:1')).toBeNull();
    expect(isImagePullError(await rejection(cri.images.pullImage('kctl.local/not-imported:1')))).toBe(true);
    // A short name means docker.io; certs.d sends it, like every host, to a closed loopback port.
    expect(isImagePullError(await rejection(cri.images.pullImage('busybox')))).toBe(true);
    const fs0 = await cri.images.imageFsInfo();
    expect(fs0.imageFilesystems.length).toBeGreaterThan(0);
  }, 60_000);

  test('unknown sandboxes and containers answer NotFound', async () => {
    expect(isNotFound(await rejection(cri.runtime.podSandboxStatus('0'.repeat(64))))).toBe(true);
    expect(isNotFound(await rejection(cri.runtime.startContainer('0'.repeat(64))))).toBe(true);
  });

  test('a containerd restart keeps pods running and finds them again', async () => {
    const config = sandboxConfig('survivor');
    const podId = await cri.runtime.runPodSandbox(config);
    const containerId = await cri.runtime.createContainer(podId, { metadata: { name: 'sleep' }, image: { image: images.busybox.ref }, command: ['sleep', '3600'] }, config);
    await cri.runtime.startContainer(containerId);
    const before = node.pid;
    await node.kill();
    expect(isAlive(before)).toBe(false);
    expect(shimPids(node.socket).length).toBeGreaterThan(0); // the pod's processes live on
    await node.restart();
    expect(node.pid).not.toBe(before);
    expect((await cri.runtime.podSandboxStatus(podId)).status?.state).toBe('SANDBOX_READY');
    expect((await cri.runtime.containerStatus(containerId)).status?.state).toBe('CONTAINER_RUNNING');
    expect((await cri.runtime.execSync(containerId, ['echo', 'still here'], 10)).stdout.toString()).toBe('still here\n');
    await cri.runtime.stopPodSandbox(podId);
    await cri.runtime.removePodSandbox(podId);
  }, 60_000);

  test('stop removes the pods left running, containerd, its shims, mounts and bridge', async () => {
    const config = sandboxConfig('left-running');
    const podId = await cri.runtime.runPodSandbox(config);
    const containerId = await cri.runtime.createContainer(podId, { metadata: { name: 'sleep' }, image: { image: images.busybox.ref }, command: ['sleep', '3600'] }, config);
    await cri.runtime.startContainer(containerId);
    expect(shimPids(node.socket).length).toBeGreaterThan(0);
    expect(mountsUnder(node.dir).length).toBeGreaterThan(0);
    expect(linkExists(node.bridge)).toBe(true);
    cri.close();
    await node.stop();
    expect(isAlive(node.pid)).toBe(false);
    expect(shimPids(node.socket)).toEqual([]);
    expect(mountsUnder(node.dir)).toEqual([]);
    expect(linkExists(node.bridge)).toBe(false);
    expect(fs.existsSync(node.dir)).toBe(false);
  }, 60_000);
});
