// describe service and endpoints.
import { isNotFound, KObject, Service, Endpoints } from '@kctl/api';
import { formatEndpoints } from '../../../printers/columns/core';
import { formatLabels } from '../../../util/json';
import { LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter } from '../prefix-writer';
import { Describer } from './context';
import { printEventsIfWanted, printObjectHeader } from './common';

export const describeService: Describer = async (obj, _info, ctx) => {
  const svc = obj as unknown as Service & KObject;
  const spec = svc.spec ?? {};
  let endpoints: KObject | undefined;
  try {
    endpoints = await ctx.client.get('endpoints', obj.metadata.namespace ?? '', obj.metadata.name ?? '');
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const w = new PrefixWriter();
  printObjectHeader(w, obj);
  w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(LEVEL_0, `Type:\t${spec.type ?? 'ClusterIP'}\n`);
  if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(LEVEL_0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}\n`);
  w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
  if (spec.clusterIPs?.length) w.write(LEVEL_0, `IPs:\t${spec.clusterIPs.join(',')}\n`);
  if (spec.externalIPs?.length) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.loadBalancerIP) w.write(LEVEL_0, `IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length) w.write(LEVEL_0, `LoadBalancer Ingress:\t${ingress.map((i) => i.ip || i.hostname).join(', ')}\n`);
  for (const p of spec.ports ?? []) {
    const name = p.name || '<unset>';
    const protocol = p.protocol ?? 'TCP';
    w.write(LEVEL_0, `Port:\t${name}\t${p.port}/${protocol}\n`);
    w.write(LEVEL_0, `TargetPort:\t${p.targetPort ?? p.port}/${protocol}\n`);
    if (p.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${p.nodePort}/${protocol}\n`);
    w.write(LEVEL_0, `Endpoints:\t${endpoints ? formatEndpoints(endpoints, new Set([p.name ?? ''])) : '<none>'}\n`);
  }
  w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? 'None'}\n`);
  if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  await printEventsIfWanted(w, obj, ctx);
  return w.toString();
};

export const describeEndpoints: Describer = async (obj, _info, ctx) => {
  const ep = obj as unknown as Endpoints & KObject;
  const w = new PrefixWriter();
  printObjectHeader(w, obj);
  w.write(LEVEL_0, 'Subsets:\n');
  for (const ss of ep.subsets ?? []) {
    const ready = (ss.addresses ?? []).map((a) => a.ip).join(',');
    const notReady = (ss.notReadyAddresses ?? []).map((a) => a.ip).join(',');
    w.write(LEVEL_1, `Addresses:\t${ready || '<none>'}\n`);
    w.write(LEVEL_1, `NotReadyAddresses:\t${notReady || '<none>'}\n`);
    if (ss.ports?.length) {
      w.write(LEVEL_1, 'Ports:\n');
      w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_2, '----\t----\t--------\n');
      for (const p of ss.ports) w.write(LEVEL_2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? 'TCP'}\n`);
    }
    w.write(LEVEL_0, '\n');
  }
  await printEventsIfWanted(w, obj, ctx);
  return w.toString();
};

