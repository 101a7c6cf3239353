import type { KObject } from '@kctl/api';

export interface CellContext {
  /** Now, in ms since the epoch, for AGE columns. */
  now: number;
}

/** One column of kubectl's table for a kind. */
export interface Column {
  header: string;
  /** Only with -o wide. */
  wide?: boolean;
  cell(obj: KObject, ctx: CellContext): string;
}
