// The pod status as Kubernetes' kubelet reports it, computed from the spec,
// what the runtime says of the pod's sandbox and containers, and the failures
// the kubelet itself met (image pulls, configuration, backoff). Pure: the same
// inputs always give the same status, so it is tested without a runtime.
import { formatTime } from '@kctl/api';
import type { PodCondition, PodObject, PodStatus } from '@kctl/api';
import type { ContainerStatus as RuntimeContainer, PodSandboxStatus } from '../runtime/runtime';

type ApiContainerStatus = NonNullable<PodStatus['containerStatuses']>[number];
type ApiContainerState = NonNullable<ApiContainerStatus['state']>;
type SpecContainer = NonNullable<PodObject['spec']>['containers'][number];

/** What the runtime holds for one pod: its newest sandbox and every container. */
export interface ObservedPod {
  sandbox?: PodSandboxStatus;
  containers: RuntimeContainer[];
}

/** Why the kubelet could not (yet) run a container, e.g. ErrImagePull. */
export interface ContainerWaiting {
  reason: string;
  message?: string;
}

export interface PodStatusInputs {
  pod: PodObject;
  observed: ObservedPod;
  /** Per container name: the failure met on the last attempt to start it. */
  waiting: ReadonlyMap<string, ContainerWaiting>;
  /** "fake", "containerd": the scheme of containerIDs. */
  runtimeName: string;
  nodeIP: string;
  now: number;
  /** The pod's containers were stopped for good (deletion or a finished pod). */
  terminated?: boolean;
}

/** The containers of one name, newest attempt first. */
export function attemptsOf(observed: ObservedPod, name: string): RuntimeContainer[] {
  return observed.containers
    .filter((c) => c.metadata.name === name)
    .sort((a, b) => b.metadata.attempt - a.metadata.attempt || b.createdAt - a.createdAt);
}

function terminatedState(c: RuntimeContainer, runtimeName: string): ApiContainerState {
  return {
    terminated: {
      exitCode: c.exitCode,
      reason: c.reason || (c.exitCode === 0 ? 'Completed' : 'Error'),
      ...(c.message ? { message: c.message } : {}),
      ...(c.startedAt ? { startedAt: formatTime(c.startedAt) } : {}),
      finishedAt: formatTime(c.finishedAt),
      containerID: `${runtimeName}://${c.id}`,
    },
  };
}

function containerStatus(spec: SpecContainer, inputs: PodStatusInputs, defaultWaiting: string): ApiContainerStatus {
  const [current, previous] = attemptsOf(inputs.observed, spec.name);
  const waiting = inputs.waiting.get(spec.name);
  const base = { name: spec.name, image: spec.image ?? '', imageID: '', ready: false, started: false, restartCount: current?.metadata.attempt ?? 0 };
  const waitingState = (w: ContainerWaiting): ApiContainerState => ({ waiting: { reason: w.reason, ...(w.message ? { message: w.message } : {}) } });
  if (!current) return { ...base, state: waitingState(waiting ?? { reason: defaultWaiting }), lastState: {} };
  const ids = { image: current.image.image, imageID: current.imageRef, containerID: `${inputs.runtimeName}://${current.id}` };
  const lastState = previous?.state === 'exited' ? terminatedState(previous, inputs.runtimeName) : {};
  if (current.state === 'running') {
    return { ...base, ...ids, state: { running: { startedAt: formatTime(current.startedAt) } }, lastState, ready: !inputs.terminated, started: true };
  }
  if (current.state === 'exited') {
    // Waiting to be restarted (backoff): the exit moves to lastState, as Kubernetes shows CrashLoopBackOff.
    if (waiting && !inputs.terminated) return { ...base, ...ids, state: waitingState(waiting), lastState: terminatedState(current, inputs.runtimeName) };
    return { ...base, ...ids, state: terminatedState(current, inputs.runtimeName), lastState };
  }
  return { ...base, ...ids, state: waitingState(waiting ?? { reason: 'ContainerCreating' }), lastState };
}

function condition(type: string, ok: boolean, reason?: string, message?: string): PodCondition {
  return { type, status: ok ? 'True' : 'False', ...(!ok && reason ? { reason } : {}), ...(!ok && message ? { message } : {}) };
}

/** Keeps lastTransitionTime (and probe time) of conditions whose status did not change. */
function withTransitions(next: PodCondition[], previous: readonly PodCondition[] | undefined, now: number): PodCondition[] {
  return next.map((c) => {
    const old = previous?.find((p) => p.type === c.type);
    const lastTransitionTime = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : formatTime(now);
    return { type: c.type, status: c.status, lastTransitionTime, ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) }
  });
}

const isSucceeded = (s: ApiContainerStatus): boolean => s.state?.terminated?.exitCode === 0;

/** Kubernetes' getPhase over the container statuses. */
export function podPhase(pod: PodObject, init: ApiContainerStatus[], main: ApiContainerStatus[], terminated: boolean): string {
  const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
  const initPending = init.filter((s) => !isSucceeded(s));
  if (initPending.length) {
    const failed = initPending.some((s) => (s.state?.terminated && s.state.terminated.exitCode !== 0) || (s.state?.waiting && s.lastState?.terminated));
    if ((restartPolicy === 'Never' || terminated) && failed) return 'Failed';
    return terminated ? 'Failed' : 'Pending';
  }
  let waiting = 0, running = 0, stopped = 0, succeeded = 0;
  for (const s of main) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState?.terminated) stopped++;
    else waiting++;
  }
  if (terminated) return stopped === succeeded && waiting === 0 && running === 0 ? 'Succeeded' : 'Failed';
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (restartPolicy === 'Always') return 'Running';
    if (restartPolicy === 'OnFailure') return stopped === succeeded ? 'Succeeded' : 'Running';
    return stopped === succeeded ? 'Succeeded' : 'Failed';
  }
  return 'Pending';
}

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function computePodStatus(inputs: PodStatusInputs): PodStatus {
  const { pod, observed, now } = inputs;
  const old = pod.status ?? {};
  const spec = pod.spec ?? { containers: [] };
  const init = (spec.initContainers ?? []).map((c) => containerStatus(c, inputs, 'PodInitializing'));
  const initDone = init.every(isSucceeded);
  const main = spec.containers.map((c) => containerStatus(c, inputs, initDone ? 'ContainerCreating' : 'PodInitializing'));
  const phase = podPhase(pod, init, main, !!inputs.terminated);
  const finished = phase === 'Succeeded' || phase === 'Failed';

  const sandboxReady = observed.sandbox?.state === 'ready';
  const podIPs = observed.sandbox?.ips.length ? observed.sandbox.ips : (old.podIPs ?? []).map((p) => p.ip ?? '').filter(Boolean);
  const unready = main.filter((s) => !s.ready).map((s) => s.name);
  const incomplete = init.filter((s) => !isSucceeded(s)).map((s) => s.name);
  const readyReason = finished ? 'PodCompleted' : 'ContainersNotReady';
  const readyMessage = finished ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const conditions = withTransitions(
    [
      condition('PodReadyToStartContainers', sandboxReady),
      condition('Initialized', initDone, 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.join(' ')}]`),
      condition('Ready', unready.length === 0, readyReason, readyMessage),
      condition('ContainersReady', unready.length === 0, readyReason, readyMessage),
    ],
    old.conditions,
    now,
  );
  // Conditions others own (PodScheduled, DisruptionTarget, readiness gates) stay as they are.
  const mine = new Set(conditions.map((c) => c.type));
  for (const c of old.conditions ?? []) if (!mine.has(c.type)) conditions.push(c);

  return {
    phase,
    conditions,
    ...(inputs.nodeIP ? { hostIP: inputs.nodeIP, hostIPs: [{ ip: inputs.nodeIP }] } : {}),
    ...(podIPs.length ? { podIP: podIPs[0], podIPs: podIPs.map((ip) => ({ ip })) } : {}),
    startTime: old.startTime ?? formatTime(now),
    ...(init.length ? { initContainerStatuses: init.sort(byName) } : {}),
    containerStatuses: main.sort(byName),
    ...(old.qosClass ? { qosClass: old.qosClass } : {}),
  };
}
