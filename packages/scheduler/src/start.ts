// The scheduler as a library: start(options) wires informers, cache, queue,
// framework and leader election, and returns a handle to stop it.
import { NodeObject, PodObject } from '@kctl/api';
import { randomUUID } from 'crypto';
import { hostname } from 'os';
import { ApiClient, Clock, EventRecorder, InformerFactory, LeaderElector, realClock } from '@kctl/client';
import { ClientSchedulerApi } from './api';
import { Logger, Scheduler, SchedulerConfig } from './scheduler';
import { DEFAULT_SCHEDULER_NAME } from './types';

export interface LeaderElectionOptions {
  /** Lease name. Default 'kube-scheduler'. */
  name?: string;
  /** Lease namespace. Default 'kube-system'. */
  namespace?: string;
  /** Default 15 s. */
  leaseDurationMs?: number;
  /** Default 10 s. */
  renewDeadlineMs?: number;
  /** Default 2 s. */
  retryPeriodMs?: number;
}

export interface SchedulerOptions extends Omit<SchedulerConfig, 'api'> {
  /** host:port of the apiserver. */
  server: string;
  /** Use this client instead of opening one (it is then not closed on stop). */
  client?: ApiClient;
  /** Page size of the informers' lists. Default 500. */
  listPageSize?: number;
  /** Deadline for API calls. Default 30 s. */
  requestTimeoutMs?: number;
  /** true (default): campaign for the lease and schedule only while holding it; false: always schedule. */
  leaderElection?: boolean | LeaderElectionOptions;
  /** This instance's name in the lease and in events. Default hostname_<uuid>. */
  identity?: string;
  clock?: Clock;
  log?: Logger;
  /** Deep-freeze informer objects so an accidental write throws (tests). */
  freezeCache?: boolean;
}

export interface SchedulerHandle {
  readonly identity: string;
  readonly scheduler: Scheduler;
  /** Whether this instance schedules now (holds the lease, or runs without leader election). */
  isLeader(): boolean;
  /** Stops scheduling, waits for binds in flight, releases the lease and closes the connections. */
  stop(): Promise<void>;
}

/** Starts the scheduler; resolves once its caches have synced (and leader election has started). */
export async function start(options: SchedulerOptions): Promise<SchedulerHandle> {
  const clock = options.clock ?? realClock;
  const log = options.log ?? (() => undefined);
  const identity = options.identity ?? `${hostname()}_${randomUUID()}`;
  const client = options.client ?? new ApiClient({ server: options.server, timeoutMs: options.requestTimeoutMs });
  const recorder = new EventRecorder(client, options.schedulerName ?? DEFAULT_SCHEDULER_NAME, identity, clock);
  const scheduler = new Scheduler({ ...options, clock, log, api: new ClientSchedulerApi(client, recorder) });

  const factory = new InformerFactory(client, {
    clock,
    freeze: options.freezeCache,
    pageSize: options.listPageSize,
    onError: (err) => log(`list/watch failed (retrying): ${(err as Error).message}`),
  });
  const nodes = factory.informer<NodeObject>('nodes');
  const pods = factory.informer<PodObject>('pods');
  nodes.addEventHandler({
    onAdd: (node) => scheduler.onNodeAdd(node),
    onUpdate: (oldNode, node) => scheduler.onNodeUpdate(oldNode, node),
    onDelete: (node) => scheduler.onNodeDelete(node),
  });
  pods.addEventHandler({
    onAdd: (pod) => scheduler.onPodAdd(pod),
    onUpdate: (oldPod, pod) => scheduler.onPodUpdate(oldPod, pod),
    onDelete: (pod) => scheduler.onPodDelete(pod),
  });
  factory.start();
  await factory.waitForSync();

  const stopping = new AbortController();
  let loop: Promise<void> = Promise.resolve();
  const lead = (signal: AbortSignal): void => {
    const both = AbortSignal.any([signal, stopping.signal]);
    // A new term starts only after the previous loop has wound down.
    loop = loop.then(() => scheduler.run(both)).catch((err: unknown) => log(`scheduling loop failed: ${(err as Error).message}`));
  };

  const le = options.leaderElection ?? true;
  let elector: LeaderElector | undefined;
  let campaign: Promise<void> = Promise.resolve();
  if (le === false) {
    lead(stopping.signal);
  } else {
    const config: LeaderElectionOptions = le === true ? {} : le;
    elector = new LeaderElector({
      client,
      name: config.name ?? 'kube-scheduler',
      namespace: config.namespace ?? 'kube-system',
      identity,
      leaseDurationMs: config.leaseDurationMs,
      renewDeadlineMs: config.renewDeadlineMs,
      retryPeriodMs: config.retryPeriodMs,
      clock,
    });
    campaign = elector.run({
      onStartedLeading: (signal) => {
        log(`${identity}: became leader, scheduling`);
        lead(signal);
      },
      onStoppedLeading: () => log(`${identity}: leadership lost, scheduling stopped`),
      onNewLeader: (holder) => {
        if (holder !== identity) log(`${identity}: the leader is ${holder}`);
      },
    });
  }

  let stopped: Promise<void> | undefined;
  return {
    identity,
    scheduler,
    isLeader: () => !stopping.signal.aborted && (elector ? elector.isLeader : true),
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        await loop;
        await scheduler.close();
        await elector?.stop();
        await campaign;
        await loop; // a term the elector started while stopping
        await recorder.flush();
        await factory.stop();
        if (!options.client) client.close();
      })();
      return stopped;
    },
  };
}
