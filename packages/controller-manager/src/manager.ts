// The controller-manager: a process-shaped library. start() campaigns for the
// kube-controller-manager Lease (unless leader election is off); while this
// instance leads, the enabled controllers run on informers of their own; when
// leadership is lost the signal aborts, the workers drain and the informers
// stop, and a later term starts afresh (never overlapping the previous one).
import { randomUUID } from 'crypto';
import * as os from 'os';
import { ApiClient, Clock, EventRecorder, InformerFactory, LeaderElector, realClock } from '@kctl/client';
import { GarbageCollector } from './controllers/garbagecollector/controller';
import { CONTROLLERS, resolveControllers } from './controllers/registry';
import { Controller, ControllerContext, ControllerSettings } from './controllers/types';
import { consoleLogger, Logger } from './util/client-types';

export const LEASE_NAME = 'kube-controller-manager';
export const LEASE_NAMESPACE = 'kube-system';

export interface LeaderElectionConfig {
  /** How long a lease is honoured without renewal. Default 15 s. */
  leaseDurationMs?: number;
  /** The leader gives up if it can not renew for this long. Default 10 s. */
  renewDeadlineMs?: number;
  /** Time between attempts to acquire or renew. Default 2 s. */
  retryPeriodMs?: number;
}

export interface ControllerManagerOptions {
  /** host:port of the apiserver. */
  server: string;
  /** Controllers to run: names, "-name" to leave one out, "*" for all. Default all. */
  controllers?: string[];
  /** Campaign for the Lease before running controllers. Default true. */
  leaderElection?: boolean | LeaderElectionConfig;
  /** This instance's name in the Lease. Default hostname_uuid. */
  identity?: string;
  clock?: Clock;
  /** Workers per controller. Default 5. */
  workers?: number;
  logger?: Logger;
  /** Deep-freeze cached objects so a controller writing to one throws (tests). */
  freezeCaches?: boolean;
  /** Resources the garbage collector watches. Default every kind but Events and Namespaces. */
  gcResources?: string[];
  /** How often node health is looked at. Default 5 s. */
  nodeMonitorPeriodMs?: number;
  /** A node whose kubelet is silent for longer is Unknown and tainted unreachable. Default 50 s. */
  nodeMonitorGracePeriodMs?: number;
  /** How often pod GC runs. Default 20 s. */
  podGCPeriodMs?: number;
  /** Terminated pods kept before pod GC deletes the oldest; 0 or less keeps all. Default 12500. */
  terminatedPodGCThreshold?: number;
}

export interface ControllerManagerHandle {
  readonly identity: string;
  /** True while this instance runs the controllers (it holds the Lease, or runs without election). */
  isLeader(): boolean;
  /** Stops the controllers, then releases the Lease so a standby takes over at once. */
  stop(): Promise<void>;
}

function raceAbort(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

export async function start(options: ControllerManagerOptions): Promise<ControllerManagerHandle> {
  const names = resolveControllers(options.controllers);
  const clock = options.clock ?? realClock;
  const logger = options.logger ?? consoleLogger('controller-manager');
  const identity = options.identity ?? `${os.hostname()}_${randomUUID()}`;
  const workers = options.workers ?? 5;
  const client = new ApiClient({ server: options.server });
  const settings: Partial<ControllerSettings> = {
    nodeMonitorPeriodMs: options.nodeMonitorPeriodMs,
    nodeMonitorGracePeriodMs: options.nodeMonitorGracePeriodMs,
    podGCPeriodMs: options.podGCPeriodMs,
    terminatedPodGCThreshold: options.terminatedPodGCThreshold,
  };
  const stopping = new AbortController();
  let terms: Promise<void> = Promise.resolve();
  let running = false;

  async function runControllers(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    running = true;
    const factory = new InformerFactory(client, { clock, freeze: options.freezeCaches });
    const recorders: EventRecorder[] = [];
    const ctx: ControllerContext = {
      client,
      informers: factory,
      clock,
      logger,
      workers,
      settings,
      recorder: (component) => {
        const recorder = new EventRecorder(client, component, identity, clock);
        recorders.push(recorder);
        return recorder;
      },
    };
    const controllers: Controller[] = names.map((name) => (name === 'garbagecollector' && options.gcResources ? new GarbageCollector(ctx, options.gcResources) : CONTROLLERS[name]!(ctx)));
    factory.start();
    try {
      await raceAbort(factory.waitForSync(), signal);
      if (signal.aborted) return;
      logger.info(`caches synced; running ${names.join(', ')}`);
      await Promise.all(controllers.map((c) => c.run(signal)));
    } finally {
      await factory.stop();
      await Promise.all(recorders.map((r) => r.flush()));
      running = false;
      logger.info('controllers stopped');
    }
  }

  /** Starts a term once the previous one has wound down. */
  const lead = (termSignal: AbortSignal): void => {
    const signal = AbortSignal.any([termSignal, stopping.signal]);
    terms = terms
      .then(() => runControllers(signal))
      .catch((err: unknown) => logger.error(`controllers failed: ${err instanceof Error ? err.message : String(err)}`));
  };

  let elector: LeaderElector | undefined;
  let election: Promise<void> = Promise.resolve();
  const le = options.leaderElection ?? true;
  if (le === false) {
    lead(stopping.signal);
  } else {
    const config = le === true ? {} : le;
    elector = new LeaderElector({
      client,
      name: LEASE_NAME,
      namespace: LEASE_NAMESPACE,
      identity,
      leaseDurationMs: config.leaseDurationMs,
      renewDeadlineMs: config.renewDeadlineMs,
      retryPeriodMs: config.retryPeriodMs,
      clock,
    });
    election = elector.run({
      onStartedLeading: (signal) => {
        logger.info(`${identity} became the leader`);
        lead(signal);
      },
      onStoppedLeading: () => logger.info(`${identity} stopped leading`),
      onNewLeader: (holder) => {
        if (holder !== identity) logger.info(`the leader is ${holder}`);
      },
    });
  }

  let stopped: Promise<void> | undefined;
  return {
    identity,
    isLeader: () => running && !stopping.signal.aborted && (elector ? elector.isLeader : true),
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        await terms;
        await elector?.stop();
        await election;
        client.close();
      })();
      return stopped;
    },
  };
}
