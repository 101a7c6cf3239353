// describe configmap, secret, namespace.
import type { ConfigMap, KObject, Namespace, Secret } from '@kctl/api';
import { LEVEL_0, PrefixWriter } from '../prefix-writer';
import { Describer } from './context';
import { printEventsIfWanted, printObjectHeader } from './common';

const sortedKeys = (r: Record<string, unknown> | undefined): string[] => Object.keys(r ?? {}).sort();

export const describeConfigMap: Describer = async (obj, _info, ctx) => {
  const cm = obj as unknown as ConfigMap & KObject;
  const w = new PrefixWriter();
  printObjectHeader(w, obj);
  w.write(LEVEL_0, '\nData\n====\n');
  for (const k of sortedKeys(cm.data)) {
    w.write(LEVEL_0, `${k}:\n----\n`);
    w.write(LEVEL_0, `${cm.data![k]}\n`);
    w.write(LEVEL_0, '\n');
  }
  w.write(LEVEL_0, '\nBinaryData\n====\n');
  for (const k of sortedKeys(cm.binaryData)) w.write(LEVEL_0, `${k}: ${Buffer.from(cm.binaryData![k]!, 'base64').length} bytes\n`);
  w.write(LEVEL_0, '\n');
  await printEventsIfWanted(w, obj, ctx);
  return w.toString();
};

export const describeSecret: Describer = async (obj) => {
  const secret = obj as unknown as Secret & KObject;
  const w = new PrefixWriter();
  printObjectHeader(w, obj);
  w.write(LEVEL_0, `\nType:\t${secret.type ?? 'Opaque'}\n`);
  w.write(LEVEL_0, '\nData\n====\n');
  for (const k of sortedKeys(secret.data)) {
    const bytes = Buffer.from(secret.data![k]!, 'base64');
    if (k === 'token' && secret.type === 'kubernetes.io/service-account-token') w.write(LEVEL_0, `${k}:\t${bytes.toString()}\n`);
    else w.write(LEVEL_0, `${k}:\t${bytes.length} bytes\n`);
  }
  return w.toString();
};

export const describeNamespace: Describer = async (obj) => {
  const ns = obj as unknown as Namespace & KObject;
  const w = new PrefixWriter();
  printObjectHeader(w, obj, { namespace: false });
  w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
  const conditions = ns.status?.conditions ?? [];
  if (conditions.length) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_0, '  ----\t------\t------------------\t------\t-------\n');
    for (const c of conditions) w.write(LEVEL_0, `  ${c.type}\t${c.status}\t${c.lastTransitionTime ?? ''}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  w.write(LEVEL_0, '\nNo resource quota.\n');
  w.write(LEVEL_0, '\nNo LimitRange resource.\n');
  return w.toString();
};

