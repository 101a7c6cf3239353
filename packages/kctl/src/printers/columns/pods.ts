// kubectl's pod columns (printPod in kubernetes pkg/printers/internalversion).
import { isPodReady, isPodTerminal } from '@kctl/api';
import type { KObject, Pod, PodObject } from '@kctl/api';
import { ageSince } from '../duration';
import { AGE, NAME, orNone } from './common';
import { CellContext, Column } from './types';

type PodStatus = NonNullable<Pod['status']>;
type ContainerStatus = NonNullable<PodStatus['containerStatuses']>[number];

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

function initializedTrue(status: PodStatus): boolean {
  return (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
}

function lastRestart(cs: ContainerStatus, current: number): number {
  const finished = cs.lastState?.terminated?.finishedAt;
  const t = finished ? Date.parse(finished) : NaN;
  return Number.isNaN(t) ? current : Math.max(current, t);
}

/** READY, STATUS and RESTARTS the way kubectl derives them from status. */
export function summarizePod(obj: KObject, now: number): PodSummary {
  const pod = obj as unknown as Pod;
  const spec = pod.spec ?? { containers: [] };
  const status: PodStatus = pod.status ?? {};
  let restarts = 0;
  let lastRestartAt = 0;
  const total = (spec.containers ?? []).length;
  let readyCount = 0;
  let reason: string = status.reason || status.phase || '';
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  const initContainers = spec.initContainers ?? [];
  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    restarts += cs.restartCount ?? 0;
    lastRestartAt = lastRestart(cs, lastRestartAt);
    const restartable = initContainers.find((c) => c.name === cs.name)?.restartPolicy === 'Always';
    const term = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (restartable && cs.started) continue;
    if (term) {
      reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }
  if (!initializing || initializedTrue(status)) {
    // Only restartable (sidecar) init containers count once the pod is initialized.
    restarts = 0;
    lastRestartAt = 0;
    for (const cs of initStatuses) {
      if (initContainers.find((c) => c.name === cs.name)?.restartPolicy === 'Always') {
        restarts += cs.restartCount ?? 0;
        lastRestartAt = lastRestart(cs, lastRestartAt);
        if (cs.started && cs.ready) readyCount++;
      }
    }
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      restarts += cs.restartCount ?? 0;
      lastRestartAt = lastRestart(cs, lastRestartAt);
      const waiting = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = isPodReady(obj as PodObject) ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && !isPodTerminal(obj as PodObject)) reason = 'Terminating';
  const totalWithSidecars = total + initContainers.filter((c) => c.restartPolicy === 'Always').length;
  let restartText = String(restarts);
  if (restarts !== 0 && lastRestartAt > 0) restartText = `${restarts} (${ageSince(new Date(lastRestartAt).toISOString(), now)} ago)`;
  return { ready: `${readyCount}/${totalWithSidecars}`, status: reason, restarts: restartText };
}

const cache = new WeakMap<KObject, PodSummary>();
function summary(o: KObject, ctx: CellContext): PodSummary {
  let s = cache.get(o);
  if (!s) {
    s = summarizePod(o, ctx.now);
    cache.set(o, s);
  }
  return s;
}

const podOf = (o: KObject): Pod => o as unknown as Pod;

function readinessGates(o: KObject): string {
  const pod = podOf(o);
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const trueCount = gates.filter((g) => (pod.status?.conditions ?? []).some((c) => c.type === g.conditionType && c.status === 'True')).length;
  return `${trueCount}/${gates.length}`;
}

export const POD_COLUMNS: Column[] = [
  NAME,
  { header: 'READY', cell: (o, ctx) => summary(o, ctx).ready },
  { header: 'STATUS', cell: (o, ctx) => summary(o, ctx).status },
  { header: 'RESTARTS', cell: (o, ctx) => summary(o, ctx).restarts },
  AGE,
  { header: 'IP', wide: true, cell: (o) => orNone(podOf(o).status?.podIP) },
  { header: 'NODE', wide: true, cell: (o) => orNone(podOf(o).spec?.nodeName) },
  { header: 'NOMINATED NODE', wide: true, cell: (o) => orNone(podOf(o).status?.nominatedNodeName) },
  { header: 'READINESS GATES', wide: true, cell: readinessGates },
];
