// Command-line flags, in kube-controller-manager's spelling.
import { ControllerManagerOptions, LeaderElectionConfig } from './manager';
import { parseDuration } from '@kctl/api';

export const USAGE = `Usage: kctl-controller-manager [flags]

Runs the Deployment, ReplicaSet, garbage-collector, node-lifecycle, taint-eviction and
pod-GC controllers against an apiserver.

Flags:
  --server host:port                     apiserver address (default 127.0.0.1:6443)
  --leader-elect[=true|false]            campaign for the kube-controller-manager Lease first (default true)
  --leader-elect-lease-duration 15s      how long a lease is honoured without renewal
  --leader-elect-renew-deadline 10s      the leader gives up if it can not renew for this long
  --leader-elect-retry-period 2s         time between attempts to acquire or renew
  --identity name                        this instance's name in the Lease (default hostname_uuid)
  --controllers a,b,-c                   controllers to run: names, -name to leave out, * for all (default *)
  --concurrent-syncs n                   workers per controller (default 5)
  --node-monitor-period 5s               how often node health is looked at
  --node-monitor-grace-period 50s        a node silent for longer is Unknown and tainted unreachable
  --terminated-pod-gc-threshold n        terminated pods kept before the oldest are deleted; 0 keeps all (default 12500)
  -v, --verbose                          log what the controllers do
  -h, --help                             show this help
`;

export interface ParsedFlags {
  options: ControllerManagerOptions;
  verbose: boolean;
  help: boolean;
}

export { parseDuration };

function parseBool(name: string, value: string): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new Error(`invalid value "${value}" for --${name}: use true or false`);
}

function positiveDuration(name: string, value: string): number {
  const ms = parseDuration(value);
  if (!(ms > 0)) throw new Error(`invalid value "${value}" for --${name}: use a duration above 0 such as 5s`);
  return ms;
}

const VALUE_FLAGS = new Set(['server', 'identity', 'controllers', 'concurrent-syncs', 'leader-elect-lease-duration', 'leader-elect-renew-deadline', 'leader-elect-retry-period', 'node-monitor-period', 'node-monitor-grace-period', 'terminated-pod-gc-threshold']);
const BOOL_FLAGS = new Set(['leader-elect', 'verbose', 'help']);

export function parseFlags(argv: readonly string[]): ParsedFlags {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h') {
      values.set('help', 'true');
      continue;
    }
    if (arg === '-v') {
      values.set('verbose', 'true');
      continue;
    }
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (BOOL_FLAGS.has(name)) {
      values.set(name, eq < 0 ? 'true' : arg.slice(eq + 1));
    } else if (VALUE_FLAGS.has(name)) {
      const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new Error(`flag needs an argument: --${name}`);
      values.set(name, value);
    } else {
      throw new Error(`unknown flag: --${name}`);
    }
  }
  const options: ControllerManagerOptions = { server: values.get('server') ?? '127.0.0.1:6443' };
  const elect = parseBool('leader-elect', values.get('leader-elect') ?? 'true');
  if (!elect) {
    options.leaderElection = false;
  } else {
    const config: LeaderElectionConfig = {};
    const lease = values.get('leader-elect-lease-duration');
    const renew = values.get('leader-elect-renew-deadline');
    const retry = values.get('leader-elect-retry-period');
    if (lease !== undefined) config.leaseDurationMs = parseDuration(lease);
    if (renew !== undefined) config.renewDeadlineMs = parseDuration(renew);
    if (retry !== undefined) config.retryPeriodMs = parseDuration(retry);
    options.leaderElection = Object.keys(config).length ? config : true;
  }
  const identity = values.get('identity');
  if (identity) options.identity = identity;
  const controllers = values.get('controllers');
  if (controllers !== undefined) options.controllers = controllers.split(',').map((s) => s.trim()).filter(Boolean);
  const syncs = values.get('concurrent-syncs');
  if (syncs !== undefined) {
    const n = Number(syncs);
    if (!Number.isInteger(n) || n < 1) throw new Error(`invalid value "${syncs}" for --concurrent-syncs: use a whole number of at least 1`);
    options.workers = n;
  }
  const monitor = values.get('node-monitor-period');
  const grace = values.get('node-monitor-grace-period');
  if (monitor !== undefined) options.nodeMonitorPeriodMs = positiveDuration('node-monitor-period', monitor);
  if (grace !== undefined) options.nodeMonitorGracePeriodMs = positiveDuration('node-monitor-grace-period', grace);
  const threshold = values.get('terminated-pod-gc-threshold');
  if (threshold !== undefined) {
    const n = Number(threshold);
    if (!Number.isInteger(n)) throw new Error(`invalid value "${threshold}" for --terminated-pod-gc-threshold: use a whole number`);
    options.terminatedPodGCThreshold = n;
  }
  return { options, verbose: parseBool('verbose', values.get('verbose') ?? 'false'), help: parseBool('help', values.get('help') ?? 'false') };
}
