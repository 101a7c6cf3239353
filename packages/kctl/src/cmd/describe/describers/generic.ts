// describe for kinds without their own describer (leases, events): kubectl's
// generic describer prints every field with its name in Title Case.
import { apiVersionOf, KObject } from '@kctl/api';
import { isRecord } from '../../../util/json';
import { LEVEL_0, PrefixWriter } from '../prefix-writer';
import { Describer } from './context';
import { printEventsIfWanted, printObjectHeader } from './common';

/** "holderIdentity" → "Holder Identity". */
export function titleCase(field: string): string {
  const words = field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function printValue(w: PrefixWriter, level: number, value: unknown): void {
  if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (isRecord(v) || Array.isArray(v)) {
        w.write(level, `${titleCase(key)}:\n`);
        printValue(w, level + 1, v);
      } else {
        w.write(level, `${titleCase(key)}:\t${String(v)}\n`);
      }
    }
  } else if (Array.isArray(value)) {
    for (const item of value) {
      if (isRecord(item) || Array.isArray(item)) printValue(w, level, item);
      else w.write(level, `${String(item)}\n`);
    }
  }
}

export const describeGeneric: Describer = async (obj: KObject, info, ctx) => {
  const w = new PrefixWriter();
  printObjectHeader(w, obj, { namespace: info.namespaced });
  w.write(LEVEL_0, `API Version:\t${obj.apiVersion || apiVersionOf(info)}\n`);
  w.write(LEVEL_0, `Kind:\t${obj.kind || info.kind}\n`);
  const metadata = { ...obj.metadata };
  for (const k of ['name', 'namespace', 'labels', 'annotations'] as const) delete metadata[k];
  w.write(LEVEL_0, 'Metadata:\n');
  printValue(w, 1, metadata);
  for (const key of Object.keys(obj)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'metadata') continue;
    const value = obj[key];
    if (isRecord(value) || Array.isArray(value)) {
      w.write(LEVEL_0, `${titleCase(key)}:\n`);
      printValue(w, 1, value);
    } else {
      w.write(LEVEL_0, `${titleCase(key)}:\t${String(value)}\n`);
    }
  }
  if (info.kind !== 'Event') await printEventsIfWanted(w, obj, ctx);
  return w.toString();
};
