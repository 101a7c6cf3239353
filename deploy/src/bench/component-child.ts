// Runs one control-plane component (apiserver, scheduler or controller-manager)
// or the benchmark's forwarder in its own process for the benchmarks, as it runs
// in a real cluster. Forked by component-process.ts with a JSON ComponentConfig as the
// argument; talks to the parent over IPC: it reports when it is ready (and the
// scheduler its counters), profiles a stretch of its work on request, and stops
// cleanly when told to (so `--cpu-prof` can write its profile).
// Each component's package is loaded only in the process that runs it.
import type { SchedulerStats } from '@kctl/scheduler';
import { PhaseProfiler } from './profiler';

export type ComponentConfig =
  | { role: 'apiserver'; etcdEndpoint: string }
  | { role: 'forwarder'; etcdEndpoint: string }
  | {
      role: 'scheduler';
      server: string;
      maxInFlightBinds?: number;
      percentageOfNodesToScore?: number;
      recordScheduledEvents?: boolean;
      /** How often to report the counters when they changed. Default 20 ms. */
      statsIntervalMs?: number;
    }
  | { role: 'controller-manager'; server: string; workers?: number; controllers?: string[] };

export type Role = ComponentConfig['role'];

export interface SchedulerReport {
  stats: SchedulerStats;
  queue: Record<string, number>;
  /** Pods the scheduler's cache holds (placed or being placed). */
  cachedPods: number;
}

export type ChildMessage =
  | { type: 'ready'; address?: string }
  | { type: 'failed'; error: string }
  | { type: 'scheduler'; report: SchedulerReport }
  | { type: 'profile-started' }
  | { type: 'profile-written'; file: string }
  | { type: 'profile-failed'; error: string };

export type ParentMessage = { type: 'stop' } | { type: 'profile-start' } | { type: 'profile-stop'; file: string };

function send(message: ChildMessage): void {
  process.send?.(message);
}

const describe = (err: unknown): string => (err instanceof Error ? (err.stack ?? err.message) : String(err));

/** Writes a component's log lines to stderr, but only the first few: a benchmark must not drown in them. */
function limitedLog(role: Role, limit = 20): (message: string) => void {
  let n = 0;
  return (message) => {
    n++;
    if (n <= limit) process.stderr.write(`[${role}] ${message}\n`);
    else if (n === limit + 1) process.stderr.write(`[${role}] (more log lines not shown)\n`);
  };
}

async function startComponent(config: ComponentConfig): Promise<{ address?: string; stop(): Promise<void> }> {
  switch (config.role) {
    case 'apiserver': {
      const { startApiServer } = await import('@kctl/apiserver');
      const server = await startApiServer({ etcdEndpoints: [config.etcdEndpoint], listen: '127.0.0.1:0' });
      return { address: server.address, stop: () => server.stop() };
    }
    case 'forwarder': {
      const { startForwarder } = await import('./forwarder');
      return startForwarder(config.etcdEndpoint);
    }
    case 'scheduler': {
      const { start: startScheduler } = await import('@kctl/scheduler');
      const handle = await startScheduler({
        server: config.server,
        leaderElection: false,
        maxInFlightBinds: config.maxInFlightBinds,
        percentageOfNodesToScore: config.percentageOfNodesToScore,
        recordScheduledEvents: config.recordScheduledEvents,
        requestTimeoutMs: 60_000,
        log: limitedLog('scheduler'),
      });
      const { scheduler } = handle;
      let last = '';
      const timer = setInterval(() => {
        const report: SchedulerReport = { stats: { ...scheduler.stats }, queue: { ...scheduler.queue.counts }, cachedPods: scheduler.cache.podCount };
        const text = JSON.stringify(report);
        if (text === last) return;
        last = text;
        send({ type: 'scheduler', report });
      }, config.statsIntervalMs ?? 20);
      return {
        stop: async () => {
          clearInterval(timer);
          await handle.stop();
        },
      };
    }
    case 'controller-manager': {
      const { start: startControllerManager } = await import('@kctl/controller-manager');
      // start() returns before the informers have synced; its log line says when they have.
      let markSynced = (): void => undefined;
      const synced = new Promise<void>((resolve) => (markSynced = resolve));
      const log = limitedLog('controller-manager');
      const handle = await startControllerManager({
        server: config.server,
        leaderElection: false,
        workers: config.workers,
        controllers: config.controllers,
        logger: {
          info: (message) => {
            if (message.startsWith('caches synced')) markSynced();
          },
          error: log,
        },
      });
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('controller-manager caches did not sync within 120 s')), 120_000).unref());
      await Promise.race([synced, timeout]);
      return { stop: () => handle.stop() };
    }
  }
}

async function main(): Promise<void> {
  const arg = process.argv[2];
  if (!arg || !process.send) throw new Error('usage: forked by the benchmark with a JSON ComponentConfig as argument');
  const config = JSON.parse(arg) as ComponentConfig;
  const component = await startComponent(config);
  const profiler = new PhaseProfiler();
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    component.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`[${config.role}] stop failed: ${describe(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('message', (message: ParentMessage | string) => {
    // 'stop' as a bare string: what the apiserver child understood before.
    if (message === 'stop' || (typeof message === 'object' && message.type === 'stop')) return stop();
    if (typeof message !== 'object') return;
    if (message.type === 'profile-start') {
      profiler.start().then(
        () => send({ type: 'profile-started' }),
        (err: unknown) => send({ type: 'profile-failed', error: describe(err) }),
      );
    } else if (message.type === 'profile-stop') {
      profiler.stop(message.file).then(
        (file) => send({ type: 'profile-written', file }),
        (err: unknown) => send({ type: 'profile-failed', error: describe(err) }),
      );
    }
  });
  process.on('SIGTERM', stop);
  // Ctrl-C reaches the whole process group; the parent decides when to stop.
  process.on('SIGINT', () => undefined);
  process.on('disconnect', stop);
  send({ type: 'ready', address: component.address });
}

main().catch((err: unknown) => {
  send({ type: 'failed', error: describe(err) });
  process.exit(1);
});
