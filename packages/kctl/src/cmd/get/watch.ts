// kctl get --watch / --watch-only: print what exists (unless --watch-only),
// then one row (or document) per change until interrupted (io.signal). The
// watch outlives apiserver restarts (see follow.ts).
import { KObject } from '@kctl/api';
import { Factory } from '../../factory';
import { OutputFormat } from '../../printers/format';
import { objectPrinter } from '../../printers/objects';
import { TablePrinter } from '../../printers/table';
import { getObject, listObjects, listNamespace, Selection, Target, withTypeMeta } from '../fetch';
import { follow } from './follow';
import type { GetFlags } from './get';

export async function watchAndPrint(f: Factory, target: Target, sel: Selection, format: OutputFormat, flags: GetFlags): Promise<void> {
  const client = f.client();
  const { info } = target;
  const withNamespace = Boolean(sel.allNamespaces) && info.namespaced;
  const table =
    format.type === 'table'
      ? new TablePrinter(f.io.stdout, {
          wide: format.wide,
          noHeaders: flags.noHeaders,
          showKind: flags.showKind,
          showLabels: flags.showLabels,
          labelColumns: flags.labelColumns,
          withEventColumn: flags.outputWatchEvents,
          now: () => f.now(),
        })
      : undefined;
  const printer = format.type === 'table' ? undefined : objectPrinter(format, f.io.stdout);
  const print = (type: string, obj: KObject): void => {
    if (table) table.print(info, [obj], [type], withNamespace);
    else if (flags.outputWatchEvents) printer!.print({ type, object: obj });
    else printer!.print(obj);
  };

  // A named object is followed through a list selecting it by name: a list's resourceVersion
  // is the store's, so a resume after a relist never starts below the retained history.
  const namespace = target.name !== undefined ? (info.namespaced ? target.namespace : '') : listNamespace(info, sel);
  const selection: Selection = target.name !== undefined ? { ...sel, namespace, allNamespaces: false, fieldSelector: `metadata.name=${target.name}` } : sel;
  // A missing named object is an error, as for get without --watch.
  if (target.name !== undefined) await getObject(client, info, target.namespace, target.name);
  const list = await listObjects(client, info, selection);
  if (!flags.watchOnly) for (const obj of list.items) print('ADDED', obj);

  await follow(client, {
    resource: info.resource,
    namespace,
    labelSelector: selection.labelSelector,
    fieldSelector: selection.fieldSelector,
    known: list.items,
    resourceVersion: list.resourceVersion,
    relist: () => listObjects(client, info, selection),
    onChange: (type, obj) => print(type, withTypeMeta(info, obj)),
    signal: f.io.signal,
  });
}
