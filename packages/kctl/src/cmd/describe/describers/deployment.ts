// describe deployment (kubectl's DeploymentDescriber) and replicaset.
import { POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION as REVISION } from '@kctl/api';
import type { Deployment, KObject, Pod, ReplicaSet } from '@kctl/api';
import { deepEqual, formatLabelSelector } from '../../../util/json';
import { LEVEL_0, LEVEL_1, PrefixWriter } from '../prefix-writer';
import { DescribeContext, Describer } from './context';
import { controllerOf, describePodTemplate, printAnnotations, printEventsIfWanted, printLabels, timestamp } from './common';


function templateWithoutHash(t: unknown): unknown {
  const copy = structuredClone(t) as { metadata?: { labels?: Record<string, string> } } | undefined;
  if (copy?.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  return copy;
}

function replicaSetsText(sets: ReplicaSet[]): string {
  if (sets.length === 0) return '<none>';
  return sets.map((rs) => `${rs.metadata?.name ?? ''} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ');
}

/** The deployment's ReplicaSets split into new (current template) and old ones with pods. */
async function replicaSetsOf(dep: Deployment & KObject, ctx: DescribeContext): Promise<{ newRS?: ReplicaSet; oldRSs: ReplicaSet[] } | undefined> {
  let items: ReplicaSet[];
  try {
    items = (await ctx.client.listAll('replicasets', { namespace: dep.metadata.namespace ?? '' })).items as unknown as ReplicaSet[];
  } catch {
    return undefined;
  }
  const owned = items.filter((rs) => (rs.metadata?.ownerReferences ?? []).some((r) => r.controller && r.uid === dep.metadata.uid));
  const wanted = templateWithoutHash(dep.spec?.template);
  const revision = dep.metadata.annotations?.[REVISION];
  let newRS = owned.find((rs) => deepEqual(templateWithoutHash(rs.spec?.template), wanted));
  if (!newRS && revision) newRS = owned.find((rs) => rs.metadata?.annotations?.[REVISION] === revision);
  const oldRSs = owned.filter((rs) => rs !== newRS && (rs.spec?.replicas ?? 0) > 0);
  return { newRS, oldRSs };
}

function printConditions(w: PrefixWriter, conditions: { type: string; status: string; reason?: string }[] | undefined): void {
  if (!conditions?.length) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

export const describeDeployment: Describer = async (obj, _info, ctx) => {
  const dep = obj as unknown as Deployment & KObject;
  const spec = dep.spec;
  const status = dep.status ?? {};
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${timestamp(obj.metadata.creationTimestamp)}\n`);
  printLabels(w, 'Labels', obj.metadata.labels);
  printAnnotations(w, 'Annotations', obj.metadata.annotations);
  w.write(LEVEL_0, `Selector:\t${formatLabelSelector(spec?.selector)}\n`);
  w.write(
    LEVEL_0,
    `Replicas:\t${spec?.replicas ?? 1} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
  );
  const strategyType = spec?.strategy?.type ?? 'RollingUpdate';
  w.write(LEVEL_0, `StrategyType:\t${strategyType}\n`);
  w.write(LEVEL_0, `MinReadySeconds:\t${spec?.minReadySeconds ?? 0}\n`);
  if (strategyType === 'RollingUpdate') {
    const ru = spec?.strategy?.rollingUpdate;
    w.write(LEVEL_0, `RollingUpdateStrategy:\t${String(ru?.maxUnavailable ?? '25%')} max unavailable, ${String(ru?.maxSurge ?? '25%')} max surge\n`);
  }
  describePodTemplate(w, spec?.template);
  printConditions(w, status.conditions);
  const sets = await replicaSetsOf(dep, ctx);
  if (sets) {
    w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsText(sets.oldRSs)}\n`);
    w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsText(sets.newRS ? [sets.newRS] : [])}\n`);
  }
  await printEventsIfWanted(w, obj, ctx);
  return w.toString();
};

export const describeReplicaSet: Describer = async (obj, _info, ctx) => {
  const rs = obj as unknown as ReplicaSet & KObject;
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
  printLabels(w, 'Labels', obj.metadata.labels);
  printAnnotations(w, 'Annotations', obj.metadata.annotations);
  const controller = controllerOf(obj);
  if (controller) w.write(LEVEL_0, `Controlled By:\t${controller}\n`);
  w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired\n`);
  w.write(LEVEL_0, 'Pods Status:\t');
  try {
    const pods = (await ctx.client.listAll('pods', { namespace: obj.metadata.namespace ?? '' })).items as unknown as Pod[];
    const mine = pods.filter((p) => (p.metadata?.ownerReferences ?? []).some((r) => r.controller && r.uid === obj.metadata.uid));
    const count = (phase: string): number => mine.filter((p) => p.status?.phase === phase).length;
    w.write(LEVEL_0, `${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed\n`);
  } catch (err) {
    w.write(LEVEL_0, `error in fetching pods: ${(err as Error).message}\n`);
  }
  describePodTemplate(w, rs.spec?.template);
  printConditions(w, rs.status?.conditions);
  await printEventsIfWanted(w, obj, ctx);
  return w.toString();
};
