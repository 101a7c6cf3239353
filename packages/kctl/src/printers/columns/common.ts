import { ageSince } from '../duration';
import { Column } from './types';

export const NAME: Column = { header: 'NAME', cell: (o) => o.metadata.name ?? '' };
export const AGE: Column = { header: 'AGE', cell: (o, ctx) => ageSince(o.metadata.creationTimestamp, ctx.now) };

export const orNone = (s: string | undefined | null): string => (s ? s : '<none>');

/** Go's %d of an optional int32: 0 when unset. */
export const num = (n: number | undefined | null): string => String(n ?? 0);
