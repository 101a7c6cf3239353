// Printers for whole objects: -o json, -o yaml, -o name, -o jsonpath=...
// kubectl prints maps with sorted keys; JSON is indented by four spaces.
import { KObject, qualifiedKind, resourceForKind } from '@kctl/api';
import { Output } from '../io';
import { isRecord } from '../util/json';
import { toYaml } from '../util/yaml';
import { OutputFormat } from './format';
import { goJson, JsonPath } from './jsonpath';

export interface ObjectPrinter {
  /** Prints one object, or a List ({kind: List, items}). */
  print(obj: unknown): void;
}

/** `deployment.apps/web`: the name printer's form of an object. */
export function kindSlashName(obj: unknown): string {
  if (!isRecord(obj)) return '';
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const name = isRecord(obj.metadata) && typeof obj.metadata.name === 'string' ? obj.metadata.name : '';
  const info = resourceForKind(apiVersion, kind);
  if (info) return `${qualifiedKind(info)}/${name}`;
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return `${kind.toLowerCase()}${group ? `.${group}` : ''}/${name}`;
}

/** The List kubectl prints for several objects. */
export function asList(items: KObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

const itemsOf = (obj: unknown): unknown[] => (isRecord(obj) && obj.kind === 'List' && Array.isArray(obj.items) ? obj.items : [obj]);

export function objectPrinter(format: Exclude<OutputFormat, { type: 'table' }>, out: Output): ObjectPrinter {
  switch (format.type) {
    case 'json':
      return { print: (obj) => out.write(`${goJson(obj, '    ')}\n`) };
    case 'yaml': {
      let count = 0;
      return {
        print: (obj) => {
          if (count++ > 0) out.write('---\n');
          out.write(toYaml(obj));
        },
      };
    }
    case 'name':
      return { print: (obj) => itemsOf(obj).forEach((item) => out.write(`${kindSlashName(item)}\n`)) };
    case 'jsonpath': {
      const jp = new JsonPath(format.template);
      return { print: (obj) => out.write(jp.execute(obj)) };
    }
  }
}
