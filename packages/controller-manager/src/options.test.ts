import { resolveControllers } from './controllers/registry';
import { parseDuration, parseFlags } from './options';

describe('flags', () => {
  it('defaults to 127.0.0.1:6443 with leader election', () => {
    expect(parseFlags([])).toEqual({ options: { server: '127.0.0.1:6443', leaderElection: true }, verbose: false, help: false });
  });

  it('reads kube-controller-manager style flags', () => {
    const parsed = parseFlags(['--server=10.0.0.1:6443', '--identity', 'cm-1', '--controllers', 'deployment,-garbagecollector', '--leader-elect-lease-duration', '1s', '--leader-elect-renew-deadline=800ms', '--leader-elect-retry-period', '200ms', '--concurrent-syncs', '2', '-v']);
    expect(parsed).toEqual({
      options: { server: '10.0.0.1:6443', identity: 'cm-1', controllers: ['deployment', '-garbagecollector'], leaderElection: { leaseDurationMs: 1000, renewDeadlineMs: 800, retryPeriodMs: 200 }, workers: 2 },
      verbose: true,
      help: false,
    });
    expect(parseFlags(['--leader-elect=false']).options.leaderElection).toBe(false);
    expect(parseFlags(['-h']).help).toBe(true);
  });

  it('refuses what it does not understand', () => {
    expect(() => parseFlags(['--bogus'])).toThrow('unknown flag: --bogus');
    expect(() => parseFlags(['--server'])).toThrow('flag needs an argument: --server');
    expect(() => parseFlags(['--leader-elect=maybe'])).toThrow(/invalid value "maybe"/);
    expect(() => parseFlags(['--concurrent-syncs', '0'])).toThrow(/at least 1/);
    expect(() => parseFlags(['extra'])).toThrow('unexpected argument "extra"');
  });

  it('reads the node lifecycle and pod GC settings', () => {
    const parsed = parseFlags(['--node-monitor-period=1s', '--node-monitor-grace-period', '4s', '--terminated-pod-gc-threshold', '10']);
    expect(parsed.options).toEqual({ server: '127.0.0.1:6443', leaderElection: true, nodeMonitorPeriodMs: 1000, nodeMonitorGracePeriodMs: 4000, terminatedPodGCThreshold: 10 });
    expect(() => parseFlags(['--node-monitor-grace-period', '0'])).toThrow(/above 0/);
    expect(() => parseFlags(['--terminated-pod-gc-threshold', '1.5'])).toThrow(/whole number/);
    expect(() => parseFlags(['--pod-eviction-timeout', '5m'])).toThrow('unknown flag: --pod-eviction-timeout');
  });

  it('parses Go durations', () => {
    expect(parseDuration('15s')).toBe(15_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('0')).toBe(0);
    expect(() => parseDuration('15')).toThrow(/invalid duration/);
    expect(() => parseDuration('15x')).toThrow(/invalid duration/);
  });
});

describe('controller selection', () => {
  it('runs all by default, and understands names, aliases, -name and *', () => {
    expect(resolveControllers(undefined)).toEqual(['deployment', 'replicaset', 'garbagecollector', 'nodelifecycle', 'tainteviction', 'podgc']);
    expect(resolveControllers([])).toEqual(['deployment', 'replicaset', 'garbagecollector', 'nodelifecycle', 'tainteviction', 'podgc']);
    expect(resolveControllers(['replicaset'])).toEqual(['replicaset']);
    expect(resolveControllers(['*', '-garbage-collector-controller', '-node-lifecycle-controller', '-tainteviction', '-podgc'])).toEqual(['deployment', 'replicaset']);
    expect(resolveControllers(['deployment-controller', 'replicaset'])).toEqual(['deployment', 'replicaset']);
    expect(() => resolveControllers(['cronjob'])).toThrow('"cronjob" is not in the list of known controllers (deployment, replicaset, garbagecollector, nodelifecycle, tainteviction, podgc)');
  });
});
