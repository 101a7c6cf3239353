// Label and field selectors in Kubernetes' string syntax.
import { KObject } from './types';

export interface Requirement {
  key: string;
  operator: 'in' | 'notin' | 'exists' | '!' | '=' | '!=';
  values: string[];
}

export type Selector = Requirement[];

/** Parses `a=b,c!=d,e in (x,y),f notin (z),g,!h`. Throws StatusError(BadRequest) on bad syntax. */
export function parseLabelSelector(_text: string): Selector {
  throw new Error('not implemented');
}

export function matchesLabels(_selector: Selector, _labels: Record<string, string> | undefined): boolean {
  throw new Error('not implemented');
}

/** Parses `metadata.name=x,spec.nodeName!=y`. Only = == != are allowed. */
export function parseFieldSelector(_text: string): Selector {
  throw new Error('not implemented');
}

/** Evaluates a field selector against an object by dotted path; missing fields read as "". */
export function matchesFields(_selector: Selector, _obj: KObject): boolean {
  throw new Error('not implemented');
}
