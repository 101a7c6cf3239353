// The kubelet's command line, parsed into startKubelet options (kept apart
// from main.ts so it can be tested). Flag names follow Kubernetes' kubelet.
import { parseDuration } from '@kctl/api';
import { Command, InvalidArgumentError } from 'commander';
import { hostname } from 'os';

export const RUNTIME_KINDS = ['fake', 'cri'] as const;
export type RuntimeKind = (typeof RUNTIME_KINDS)[number];
/** Kubernetes' default --container-runtime-endpoint. */
export const DEFAULT_RUNTIME_ENDPOINT = 'unix:///run/containerd/containerd.sock';

export interface KubeletFlags {
  server: string;
  nodeName: string;
  nodeIP?: string;
  labels: Record<string, string>;
  leaseDurationSeconds: number;
  nodeStatusUpdateFrequencyMs: number;
  nodeStatusReportFrequencyMs: number;
  maxPods: number;
  /** "cri": a CRI v1 runtime (containerd) at runtimeEndpoint; "fake": in memory. */
  runtime: RuntimeKind;
  /** The CRI runtime's socket, unix:///path (Kubernetes' --container-runtime-endpoint). */
  runtimeEndpoint: string;
  podIPPrefix: string;
  deleteNodeOnStop: boolean;
}

function duration(text: string): number {
  try {
    return parseDuration(text);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

function wholeNumber(text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError(`"${text}" is not a whole number`);
  return Number(text);
}

/** "k=v,k2=v2" as --node-labels takes it. */
export function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of text.split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`"${pair}" is not key=value`);
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return labels;
}

export function kubeletCommand(writeErr: (text: string) => void = (text) => process.stderr.write(text)): Command {
  return new Command('kctl-kubelet')
    .configureOutput({ writeErr })
    .description('The node agent: registers this node, keeps its status and lease fresh, and watches the pods bound to it.')
    .option('--server <host:port>', 'apiserver address', '127.0.0.1:6443')
    .option('--node-name <name>', 'name of this node (default: the hostname, lowercased)')
    .option('--node-ip <ip>', 'the InternalIP address the Node reports')
    .option('--node-labels <k=v,...>', 'labels to add when registering the node', parseLabels, {})
    .option('--lease-duration <duration>', 'duration of the node Lease; renewed every quarter of it', duration, 40_000)
    .option('--node-status-update-frequency <duration>', 'how often the node status is checked', duration, 10_000)
    .option('--node-status-report-frequency <duration>', 'how often an unchanged status is written anyway', duration, 300_000)
    .option('--max-pods <n>', 'pods capacity', wholeNumber, 110)
    .option('--container-runtime <name>', 'container runtime: "cri" (containerd over CRI v1 at --container-runtime-endpoint) or "fake" (in memory)', 'fake')
    .option('--container-runtime-endpoint <unix:///path>', 'the CRI runtime\'s socket', DEFAULT_RUNTIME_ENDPOINT)
    .option('--fake-pod-ip-prefix <a.b.c.>', 'pod IPs the fake runtime hands out', '10.88.0.')
    .option('--delete-node-on-exit', 'delete the Node when stopped by a signal (a graceful leave)', false)
    .exitOverride();
}

export function parseKubeletFlags(argv: readonly string[], writeErr?: (text: string) => void): KubeletFlags {
  const command = kubeletCommand(writeErr);
  command.parse([...argv], { from: 'user' });
  const o = command.opts<{
    server: string; nodeName?: string; nodeIp?: string; nodeLabels: Record<string, string>; leaseDuration: number;
    nodeStatusUpdateFrequency: number; nodeStatusReportFrequency: number; maxPods: number; containerRuntime: string;
    containerRuntimeEndpoint: string;
    fakePodIpPrefix: string; deleteNodeOnExit: boolean;
  }>();
  const runtime = RUNTIME_KINDS.find((kind) => kind === o.containerRuntime);
  if (!runtime) throw new Error(`--container-runtime: "${o.containerRuntime}" is not supported (${RUNTIME_KINDS.join(' or ')})`);
  if (o.leaseDuration < 1000) throw new Error('--lease-duration: at least 1s');
  return {
    server: o.server,
    nodeName: (o.nodeName ?? hostname()).toLowerCase(),
    nodeIP: o.nodeIp,
    labels: o.nodeLabels,
    leaseDurationSeconds: Math.round(o.leaseDuration / 1000),
    nodeStatusUpdateFrequencyMs: o.nodeStatusUpdateFrequency,
    nodeStatusReportFrequencyMs: o.nodeStatusReportFrequency,
    maxPods: o.maxPods,
    runtime,
    runtimeEndpoint: o.containerRuntimeEndpoint,
    podIPPrefix: o.fakePodIpPrefix,
    deleteNodeOnStop: o.deleteNodeOnExit,
  };
}
