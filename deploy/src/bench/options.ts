// Command-line options of the apiserver benchmark.
import { parseArgs } from 'util';

export const HELP = `Usage: node deploy/dist/bench/apiserver-bench.js [options]   (or: npm run bench -- [options])
Starts a fresh etcd, an apiserver and a forwarder (a gRPC server that only passes each
create's bytes to etcd: the ceiling for any apiserver on grpc-js and etcd3), then measures
raw etcd creates, ConfigMap creates through the apiserver and through the forwarder at
the same concurrency, and a paced run through the apiserver.
  --concurrency N     operations in flight in the closed-loop runs (default 32)
  --count N           operations per closed-loop run (default 5000)
  --warmup N          unmeasured operations of each kind before measuring (default 500)
  --rounds N          split --count into N rounds, alternating raw etcd, apiserver and
                      forwarder, so changes in background load hit all alike (default 5)
  --paced-rate N      creates per second in the paced run (default 20)
  --paced-seconds N   length of the paced run (default 15; 0 skips it)
  --in-process        run the apiserver and the forwarder in the benchmark's process
                      instead of their own
  --cpu-prof DIR      write a CPU profile of the apiserver process into DIR
  --json              print the results as JSON on stdout (progress goes to stderr)
  -h, --help          show this help`;

export interface BenchOptions {
  help: boolean;
  concurrency: number;
  count: number;
  warmup: number;
  rounds: number;
  pacedRate: number;
  pacedSeconds: number;
  inProcess: boolean;
  cpuProfDir?: string;
  json: boolean;
}

function int(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer >= ${min}, got "${value}"`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      concurrency: { type: 'string', default: '32' },
      count: { type: 'string', default: '5000' },
      warmup: { type: 'string', default: '500' },
      rounds: { type: 'string', default: '5' },
      'paced-rate': { type: 'string', default: '20' },
      'paced-seconds': { type: 'string', default: '15' },
      'in-process': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const options: BenchOptions = {
    help: values.help,
    concurrency: int(values.concurrency, '--concurrency', 1),
    count: int(values.count, '--count', 1),
    warmup: int(values.warmup, '--warmup', 0),
    rounds: int(values.rounds, '--rounds', 1),
    pacedRate: int(values['paced-rate'], '--paced-rate', 1),
    pacedSeconds: int(values['paced-seconds'], '--paced-seconds', 0),
    inProcess: values['in-process'],
    cpuProfDir: values['cpu-prof'],
    json: values.json,
  };
  if (options.rounds > options.count) throw new Error('--rounds cannot exceed --count');
  if (options.inProcess && options.cpuProfDir) throw new Error('--cpu-prof profiles the apiserver process; with --in-process run `node --cpu-prof` yourself');
  return options;
}
