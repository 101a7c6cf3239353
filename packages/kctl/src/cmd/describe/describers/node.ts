// describe node (kubectl's NodeDescriber).
import { isNotFound, isPodTerminal, KObject, Lease, Node, Pod, PodObject } from '@kctl/api';
import { nodeRoles } from '../../../printers/columns/core';
import { LEVEL_0, LEVEL_1, PrefixWriter } from '../prefix-writer';
import { Describer } from './context';
import { printAnnotations, printEventsIfWanted, printLabels, timestamp } from './common';
import { describeNodeResources } from './node-resources';

export const describeNode: Describer = async (obj, _info, ctx) => {
  const node = obj as unknown as Node & KObject;
  const spec = node.spec ?? {};
  const status = node.status ?? {};
  const name = obj.metadata.name ?? '';
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${name}\n`);
  w.write(LEVEL_0, `Roles:\t${nodeRoles(obj)}\n`);
  printLabels(w, 'Labels', obj.metadata.labels);
  printAnnotations(w, 'Annotations', obj.metadata.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${timestamp(obj.metadata.creationTimestamp)}\n`);
  const taints = spec.taints ?? [];
  w.write(LEVEL_0, 'Taints:\t');
  if (taints.length === 0) w.writeLine('<none>');
  taints.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`);
  });
  w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable ? 'true' : 'false'}\n`);
  let lease: Lease | undefined;
  try {
    lease = (await ctx.client.get('leases', 'kube-node-lease', name)) as unknown as Lease;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  w.write(LEVEL_0, 'Lease:\n');
  w.write(LEVEL_1, `HolderIdentity:\t${lease?.spec?.holderIdentity ?? '<unset>'}\n`);
  w.write(LEVEL_1, `AcquireTime:\t${timestamp(lease?.spec?.acquireTime)}\n`);
  w.write(LEVEL_1, `RenewTime:\t${timestamp(lease?.spec?.renewTime)}\n`);
  const conditions = status.conditions ?? [];
  if (conditions.length) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(LEVEL_1, `${c.type} \t${c.status} \t${timestamp(c.lastHeartbeatTime)} \t${timestamp(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(LEVEL_0, 'Addresses:\n');
  for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
  for (const [title, values] of [
    ['Capacity', status.capacity],
    ['Allocatable', status.allocatable],
  ] as const) {
    const keys = Object.keys(values ?? {}).sort();
    if (keys.length === 0) continue;
    w.write(LEVEL_0, `${title}:\n`);
    for (const k of keys) w.write(LEVEL_1, `${k}:\t${String((values as Record<string, unknown>)[k])}\n`);
  }
  const info = status.nodeInfo;
  if (info) {
    w.write(LEVEL_0, 'System Info:\n');
    w.write(LEVEL_0, `  Machine ID:\t${info.machineID}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info.systemUUID}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info.bootID}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info.kernelVersion}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info.osImage}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info.operatingSystem}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info.architecture}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info.containerRuntimeVersion}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info.kubeletVersion}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info.kubeProxyVersion}\n`);
  }
  if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
  if (spec.podCIDRs?.length) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
  if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
  let pods: Pod[] = [];
  try {
    pods = (await ctx.client.listAll('pods', { fieldSelector: `spec.nodeName=${name}` })).items as unknown as Pod[];
  } catch {
    pods = ((await ctx.client.listAll('pods', {})).items as unknown as Pod[]).filter((p) => p.spec?.nodeName === name);
  }
  pods = pods.filter((p) => p.spec?.nodeName === name && !isPodTerminal(p as PodObject));
  describeNodeResources(w, pods, status.capacity as Record<string, string> | undefined, status.allocatable as Record<string, string> | undefined, ctx.now);
  await printEventsIfWanted(w, obj, ctx);
  return w.toString();
};

