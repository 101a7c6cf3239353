// kubectl's human-readable table: one header per kind, NAMESPACE first with -A,
// kind-prefixed names when several kinds are printed, LABELS with --show-labels,
// a blank line between kinds, columns padded as kubectl's tabwriter pads them.
import { KObject, qualifiedKind, ResourceInfo } from '@kctl/api';
import { Output } from '../io';
import { formatLabels } from '../util/json';
import { columnsFor } from './columns';
import { TABLE_OPTIONS, TabWriter } from './tabwriter';

export interface TableOptions {
  wide?: boolean;
  noHeaders?: boolean;
  /** Prints names as kind/name. */
  showKind?: boolean;
  showLabels?: boolean;
  /** -L: one column per label key. */
  labelColumns?: string[];
  /** --output-watch-events: a leading EVENT column. */
  withEventColumn?: boolean;
  now: () => number;
}

const escapeCell = (s: string): string => s.replace(/[\t\n]/g, ' ');

export class TablePrinter {
  private readonly writer: TabWriter;
  private lastKind: string | undefined;
  private written = false;

  constructor(
    out: Output,
    private readonly options: TableOptions,
  ) {
    const counting: Output = {
      write: (s: string) => {
        if (s) this.written = true;
        return out.write(s);
      },
    };
    this.writer = new TabWriter(counting, TABLE_OPTIONS);
  }

  /** The header and row cells for objects of one kind. */
  rows(info: ResourceInfo, objects: KObject[], eventTypes?: string[], withNamespace = false): { header: string[]; rows: string[][] } {
    const o = this.options;
    const columns = columnsFor(info.kind, o.wide ?? false);
    const now = o.now();
    const header: string[] = [];
    if (o.withEventColumn) header.push('EVENT');
    if (withNamespace) header.push('NAMESPACE');
    header.push(...columns.map((c) => c.header));
    const labelColumns = o.labelColumns ?? [];
    header.push(...labelColumns.map((l) => l.split('/').pop()!.toUpperCase()));
    if (o.showLabels) header.push('LABELS');
    const rows = objects.map((obj, i) => {
      const cells: string[] = [];
      if (o.withEventColumn) cells.push(eventTypes?.[i] ?? '');
      if (withNamespace) cells.push(obj.metadata.namespace ?? '');
      for (const c of columns) {
        let value = c.cell(obj, { now });
        if (c.header === 'NAME' && c === columns[0] && o.showKind) value = `${qualifiedKind(info)}/${value}`;
        cells.push(value);
      }
      for (const l of labelColumns) cells.push(obj.metadata.labels?.[l] ?? '');
      if (o.showLabels) cells.push(formatLabels(obj.metadata.labels));
      return cells.map(escapeCell);
    });
    return { header, rows };
  }

  /**
   * Prints objects of one kind; the header appears when the kind changes.
   * withNamespace adds a NAMESPACE column (-A on a namespaced kind).
   */
  print(info: ResourceInfo, objects: KObject[], eventTypes?: string[], withNamespace = false): void {
    if (objects.length === 0) return;
    const { header, rows } = this.rows(info, objects, eventTypes, withNamespace);
    let text = '';
    if (this.lastKind !== info.kind) {
      if (this.lastKind !== undefined) {
        this.writer.flush();
        this.writer.resetWidths();
        if (this.written && !this.options.noHeaders) text += '\n';
      }
      this.lastKind = info.kind;
      if (!this.options.noHeaders) text += `${header.join('\t')}\n`;
    }
    for (const r of rows) text += `${r.join('\t')}\n`;
    this.writer.write(text);
    this.writer.flush();
  }
}
