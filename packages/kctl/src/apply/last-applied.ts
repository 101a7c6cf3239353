// The kubectl.kubernetes.io/last-applied-configuration annotation: the applied
// manifest as compact JSON (keys sorted, trailing newline, as kubectl writes it),
// without the annotation itself.
import { deepCopy, parseUntrustedJson } from '@kctl/api';
import { isRecord, stableJson } from '../util/json';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Obj = Record<string, unknown>;

/** The manifest's JSON for the annotation. kubectl keeps an empty `annotations: {}`. */
export function lastAppliedJson(manifest: Obj): string {
  const copy = deepCopy(manifest);
  const metadata: Obj = isRecord(copy.metadata) ? copy.metadata : {};
  copy.metadata = metadata;
  const annotations: Obj = isRecord(metadata.annotations) ? { ...metadata.annotations } : {};
  delete annotations[LAST_APPLIED];
  metadata.annotations = annotations;
  return `${stableJson(copy)}\n`;
}

/** The manifest with the annotation set to its own last-applied JSON. */
export function withLastApplied(manifest: Obj): Obj {
  const json = lastAppliedJson(manifest);
  const copy = deepCopy(manifest);
  const metadata: Obj = isRecord(copy.metadata) ? copy.metadata : {};
  copy.metadata = metadata;
  metadata.annotations = { ...(isRecord(metadata.annotations) ? metadata.annotations : {}), [LAST_APPLIED]: json };
  return copy;
}

/** The last-applied manifest stored on a live object, or undefined. */
export function readLastApplied(live: Obj): Obj | undefined {
  const annotations = isRecord(live.metadata) ? live.metadata.annotations : undefined;
  const text = isRecord(annotations) ? annotations[LAST_APPLIED] : undefined;
  if (typeof text !== 'string' || !text.trim()) return undefined;
  try {
    const parsed = parseUntrustedJson(text, 'the last-applied configuration');
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
