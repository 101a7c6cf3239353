// Command-line options of the scheduling benchmark.
import { parseArgs } from 'util';

export const SCHEDULING_HELP = `Usage: node deploy/dist/bench/scheduling-bench.js [options]   (or: npm run bench:scheduling -- [options])
Starts a fresh etcd and apiserver (own process) and measures:
  raw etcd     creates straight to etcd (the apiserver benchmark's baseline), at the start and the end
  throughput   N Nodes and M pending Pods, then the scheduler starts: pods bound per second
  deployment   controller-manager + scheduler + simulated nodes: a Deployment scaled 0 -> R,
               time until status.readyReplicas == R (every pod bound and Ready)
  --nodes N                 simulated Nodes (default 1000)
  --pods N                  pending pods for the throughput run (default 10000; 0 skips it)
  --replicas N              replicas the Deployment is scaled to (default 1000; 0 skips it)
  --raw-count N             raw etcd creates, at the start and again at the end (default 5000)
  --raw-concurrency N       raw etcd creates in flight (default 32)
  --raw-warmup N            unmeasured raw etcd creates first (default 500)
  --create-concurrency N    Node/Pod creates and deletes in flight while setting up (default 32)
  --max-in-flight-binds N   the scheduler's bind calls in flight (default: the scheduler's, 64)
  --percentage-of-nodes-to-score N   0 = adaptive (default: the scheduler's)
  --no-scheduled-events     don't record a "Scheduled" Event per bound pod (kube-scheduler does)
  --scheduler-in-process    run the scheduler in the benchmark's process instead of its own
  --kubelet-workers N       status writes in flight of the simulated nodes (default 64)
  --controller-workers N    workers per controller in the controller-manager (default 5)
  --no-pod-watcher          don't watch the Deployment's pods from the benchmark (one watcher
                            less on the apiserver; no per-pod timeline, the end is readyReplicas)
  --timeout S               give up on a phase after S seconds (default 300)
  --cpu-prof DIR            write V8 CPU profiles of the apiserver, scheduler, controller-manager
                            and the benchmark process (simulated nodes) for each phase into DIR
  --json                    print the results as JSON on stdout (progress goes to stderr)
  -h, --help                show this help`;

export interface SchedulingOptions {
  help: boolean;
  nodes: number;
  pods: number;
  replicas: number;
  rawCount: number;
  rawConcurrency: number;
  rawWarmup: number;
  createConcurrency: number;
  maxInFlightBinds?: number;
  percentageOfNodesToScore?: number;
  scheduledEvents: boolean;
  schedulerInProcess: boolean;
  kubeletWorkers: number;
  controllerWorkers: number;
  podWatcher: boolean;
  timeoutSeconds: number;
  cpuProfDir?: string;
  json: boolean;
}

function int(value: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, got "${value}"`);
  return n;
}

const optionalInt = (value: string | undefined, flag: string, min: number, max?: number): number | undefined => (value === undefined ? undefined : int(value, flag, min, max));

export function parseSchedulingArgs(argv: string[]): SchedulingOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      nodes: { type: 'string', default: '1000' },
      pods: { type: 'string', default: '10000' },
      replicas: { type: 'string', default: '1000' },
      'raw-count': { type: 'string', default: '5000' },
      'raw-concurrency': { type: 'string', default: '32' },
      'raw-warmup': { type: 'string', default: '500' },
      'create-concurrency': { type: 'string', default: '32' },
      'max-in-flight-binds': { type: 'string' },
      'percentage-of-nodes-to-score': { type: 'string' },
      'no-scheduled-events': { type: 'boolean', default: false },
      'scheduler-in-process': { type: 'boolean', default: false },
      'kubelet-workers': { type: 'string', default: '64' },
      'controller-workers': { type: 'string', default: '5' },
      'no-pod-watcher': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '300' },
      'cpu-prof': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    help: values.help,
    nodes: int(values.nodes, '--nodes', 1),
    pods: int(values.pods, '--pods', 0),
    replicas: int(values.replicas, '--replicas', 0),
    rawCount: int(values['raw-count'], '--raw-count', 0),
    rawConcurrency: int(values['raw-concurrency'], '--raw-concurrency', 1),
    rawWarmup: int(values['raw-warmup'], '--raw-warmup', 0),
    createConcurrency: int(values['create-concurrency'], '--create-concurrency', 1),
    maxInFlightBinds: optionalInt(values['max-in-flight-binds'], '--max-in-flight-binds', 1),
    percentageOfNodesToScore: optionalInt(values['percentage-of-nodes-to-score'], '--percentage-of-nodes-to-score', 0, 100),
    scheduledEvents: !values['no-scheduled-events'],
    schedulerInProcess: values['scheduler-in-process'],
    kubeletWorkers: int(values['kubelet-workers'], '--kubelet-workers', 1),
    controllerWorkers: int(values['controller-workers'], '--controller-workers', 1),
    podWatcher: !values['no-pod-watcher'],
    timeoutSeconds: int(values.timeout, '--timeout', 1),
    cpuProfDir: values['cpu-prof'],
    json: values.json,
  };
}
