// Label and selector helpers over @kctl/api's selector implementation.
import { matchesLabels, selectorFromLabelSelector } from '@kctl/api';
import type { LabelSelector } from '@kctl/api';

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

/** Compiles a LabelSelector once; an invalid one matches nothing. An empty one matches everything. */
export function compileSelector(selector: LabelSelector | undefined): LabelMatcher {
  if (!selector) return () => false;
  let parsed;
  try {
    parsed = selectorFromLabelSelector(selector);
  } catch {
    return () => false;
  }
  return (labels) => matchesLabels(parsed, labels);
}

/** True when the selector has neither matchLabels nor matchExpressions (it would select everything). */
export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

export function cloneAndAddLabel(labels: Record<string, string> | undefined, key: string, value: string): Record<string, string> {
  return { ...(labels ?? {}), [key]: value };
}

/** A copy of the selector that also requires key=value. */
export function cloneSelectorAndAddLabel(selector: LabelSelector, key: string, value: string): LabelSelector {
  const copy: LabelSelector = { matchLabels: { ...(selector.matchLabels ?? {}), [key]: value } };
  if (selector.matchExpressions?.length) copy.matchExpressions = selector.matchExpressions.map((e) => ({ ...e, values: e.values ? [...e.values] : undefined }));
  return copy;
}

export function labelsEqual(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => a?.[k] === b?.[k]);
}
