// Times the CRI calls a pod start makes on a real containerd: medians of
// RunPodSandbox, CreateContainer, StartContainer, ExecSync, StopPodSandbox over
// 5 pods one after another, then 10 pods started in parallel.
// Run as root: npm run build && node packages/cri/dist/bench.js
import * as os from 'os';
import { connectCri } from './client';
import { startContainerd } from './containerd/process';
import { buildNodeImages, importImages } from './images/build';
import { PodSandboxConfig } from './types';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

async function timed<T>(samples: number[], fn: () => Promise<T>): Promise<T> {
  const t0 = process.hrtime.bigint();
  const result = await fn();
  samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  return result;
}

async function main(): Promise<void> {
  const images = buildNodeImages();
  const t0 = Date.now();
  const node = await startContainerd({ podCidr: '10.201.250.0/24', sandboxImage: images.pause.ref });
  const startMs = Date.now() - t0;
  const cri = connectCri({ socket: node.socket });
  try {
    importImages(node.socket, [images.pause, images.busybox]);
    const version = await cri.runtime.version();
    const samples: Record<string, number[]> = { RunPodSandbox: [], CreateContainer: [], StartContainer: [], ExecSync: [], StopPodSandbox: [], RemovePodSandbox: [] };
    const config = (name: string): PodSandboxConfig => ({ metadata: { name, namespace: 'bench', uid: name }, hostname: name, dnsConfig: { servers: ['127.0.0.53'] } });
    const startPod = async (name: string, record: boolean): Promise<string> => {
      const s = (key: string): number[] => (record ? (samples[key] ?? []) : []);
      const cfg = config(name);
      const pod = await timed(s('RunPodSandbox'), () => cri.runtime.runPodSandbox(cfg));
      const ctr = await timed(s('CreateContainer'), () => cri.runtime.createContainer(pod, { metadata: { name: 'sleep' }, image: { image: images.busybox.ref }, command: ['sleep', '3600'] }, cfg));
      await timed(s('StartContainer'), () => cri.runtime.startContainer(ctr));
      if (record) await timed(s('ExecSync'), () => cri.runtime.execSync(ctr, ['true'], 5));
      return pod;
    };
    const removePod = async (pod: string, record: boolean): Promise<void> => {
      await timed(record ? (samples.StopPodSandbox ?? []) : [], () => cri.runtime.stopPodSandbox(pod));
      await timed(record ? (samples.RemovePodSandbox ?? []) : [], () => cri.runtime.removePodSandbox(pod));
    };
    await removePod(await startPod('warmup', false), false);
    for (let i = 0; i < 5; i++) await removePod(await startPod(`seq-${i}`, true), true);
    const p0 = Date.now();
    const pods = await Promise.all(Array.from({ length: 10 }, (_, i) => startPod(`par-${i}`, false)));
    const parallelMs = Date.now() - p0;
    await Promise.all(pods.map((p) => removePod(p, false)));

    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, kernel ${os.release()}`);
    console.log(`runtime: ${version.runtimeName} ${version.runtimeVersion}; containerd started and answered in ${startMs} ms`);
    for (const [name, xs] of Object.entries(samples)) console.log(`${name.padEnd(18)} median ${median(xs).toFixed(1)} ms  (n=${xs.length}, min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`);
    console.log(`10 pods in parallel (sandbox + create + start): ${parallelMs} ms`);
  } finally {
    cri.close();
    await node.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
