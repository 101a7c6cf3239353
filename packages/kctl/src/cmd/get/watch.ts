// kctl get --watch / --watch-only: print what exists (unless --watch-only),
// then one row (or document) per change until interrupted (io.signal).
import { KObject, StatusError } from '@kctl/api';
import { Factory } from '../../factory';
import { OutputFormat } from '../../printers/format';
import { objectPrinter } from '../../printers/objects';
import { TablePrinter } from '../../printers/table';
import { getObject, listObjects, Selection, Target, withTypeMeta, listNamespace } from '../fetch';
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

  let resourceVersion: string | undefined;
  let fieldSelector = sel.fieldSelector;
  /** A watch without resourceVersion first replays the named object as ADDED. */
  let skipFirstAdded: string | undefined;
  if (target.name !== undefined) {
    const obj = await getObject(client, info, target.namespace, target.name);
    if (!flags.watchOnly) print('ADDED', obj);
    fieldSelector = `metadata.name=${target.name}`;
    skipFirstAdded = obj.metadata.resourceVersion;
  } else {
    const list = await listObjects(client, info, sel);
    if (!flags.watchOnly) for (const obj of list.items) print('ADDED', obj);
    resourceVersion = list.resourceVersion || undefined;
  }

  const signal = f.io.signal;
  if (signal?.aborted) return;
  const stream = client.watch(info.resource, {
    namespace: target.name !== undefined ? (info.namespaced ? target.namespace : '') : listNamespace(info, sel),
    labelSelector: sel.labelSelector,
    fieldSelector,
    resourceVersion,
  });
  const stop = (): void => stream.stop();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    let first = true;
    for await (const event of stream) {
      if (event.type === 'BOOKMARK') continue;
      if (event.type === 'ERROR') {
        const status = event.object as unknown as { reason?: string; message?: string };
        throw new StatusError((status.reason as StatusError['reason']) ?? 'InternalError', status.message ?? 'watch failed');
      }
      const obj = withTypeMeta(info, event.object);
      if (first && skipFirstAdded !== undefined && event.type === 'ADDED' && obj.metadata.resourceVersion === skipFirstAdded) {
        first = false;
        continue;
      }
      first = false;
      print(event.type, obj);
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    stream.stop();
  }
}
