import { parseSchedulingArgs } from './scheduling-options';
import { DeploymentResult, evaluateSchedulingGoals, rateWindows, ThroughputResult } from './scheduling-report';

const cost = { cpu: {}, etcdRpcsPerOp: {}, machine: { busyCores: 1, otherCores: 0 } };

function throughput(podsPerSecond: number, bound = 10_000): ThroughputResult {
  return {
    ...cost,
    nodes: 1000,
    pods: 10_000,
    createNodesSeconds: 1,
    createPodsSeconds: 10,
    syncSeconds: 1,
    seconds: 10_000 / podsPerSecond,
    podsPerSecond,
    windows: [],
    stats: { attempts: bound, scheduled: bound, bound, unschedulable: 0, bindConflicts: 0, bindErrors: 0, errors: 0 },
    verified: { bound, nodesUsed: 1000, minPerNode: 10, maxPerNode: 10 },
  };
}

function scale(seconds: number, ready = 1000): DeploymentResult {
  return {
    ...cost,
    replicas: 1000,
    deleteSeconds: 0,
    controllerManagerSyncSeconds: 0,
    seconds,
    podsPerSecond: 1000 / seconds,
    readyReplicasSeconds: seconds,
    lastCreatedSeconds: seconds,
    lastBoundSeconds: seconds,
    lastReadySeconds: seconds,
    progress: [],
    startupP50Ms: 1,
    startupP99Ms: 1,
    scheduler: { bound: 1000, bindConflicts: 0, bindErrors: 0, unschedulable: 0 },
    verified: { pods: 1000, bound: 1000, ready },
  };
}

describe('scheduling benchmark goals', () => {
  it('needs >= 300 pods/s with every pod bound', () => {
    expect(evaluateSchedulingGoals({ throughput: throughput(300) })[0]!.ok).toBe(true);
    expect(evaluateSchedulingGoals({ throughput: throughput(299) })[0]!.ok).toBe(false);
    expect(evaluateSchedulingGoals({ throughput: throughput(500, 9_999) })[0]).toMatchObject({ ok: false, measured: '500/s (only 9999 bound)' });
  });

  it('needs 0 -> 1000 in under 10 s with every pod Ready', () => {
    expect(evaluateSchedulingGoals({ deployment: scale(9.99) })[0]!.ok).toBe(true);
    expect(evaluateSchedulingGoals({ deployment: scale(10) })[0]!.ok).toBe(false);
    expect(evaluateSchedulingGoals({ deployment: scale(5, 999) })[0]!.ok).toBe(false);
  });
});

describe('rateWindows', () => {
  it('turns cumulative samples into rates per window, the last one partial', () => {
    const samples = [0, 1, 2, 3, 4, 5, 6, 7, 7.5].map((seconds) => ({ seconds, bound: seconds * 100 }));
    samples[samples.length - 1]!.bound = 800;
    expect(rateWindows(samples, 5)).toEqual([
      { fromSeconds: 0, toSeconds: 5, podsPerSecond: 100 },
      { fromSeconds: 5, toSeconds: 7.5, podsPerSecond: 120 },
    ]);
  });
});

describe('parseSchedulingArgs', () => {
  it('has the defaults the requirement names', () => {
    expect(parseSchedulingArgs([])).toMatchObject({ nodes: 1000, pods: 10_000, replicas: 1000, rawCount: 5000, rawConcurrency: 32, scheduledEvents: true, podWatcher: true, json: false });
  });

  it('parses flags and refuses nonsense', () => {
    expect(parseSchedulingArgs(['--nodes', '10', '--pods', '0', '--no-scheduled-events', '--json'])).toMatchObject({ nodes: 10, pods: 0, scheduledEvents: false, json: true });
    expect(() => parseSchedulingArgs(['--nodes', '0'])).toThrow(/--nodes/);
    expect(() => parseSchedulingArgs(['--percentage-of-nodes-to-score', '101'])).toThrow(/0 to 100/);
  });
});
