// Pod spec immutability (ValidatePodUpdate): after create only container and
// init container images, activeDeadlineSeconds (set or lowered), tolerations
// (additions; an existing one's tolerationSeconds lowered) and the removal of
// scheduling gates may change. spec.nodeName is set through pods/binding only.
import { fieldErrors } from '../errors';
import { isObject } from '../types';
import { Errs, Json, semanticEqual } from './util';

export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,' +
  '`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const specOf = (obj: Json): Json => (isObject(obj['spec']) ? obj['spec'] : {});
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function validateActiveDeadline(spec: Json, oldSpec: Json, errs: Errs): void {
  const next = spec['activeDeadlineSeconds'];
  const prev = oldSpec['activeDeadlineSeconds'];
  if (next === undefined || next === null) {
    if (typeof prev === 'number') errs.push(fieldErrors.invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
    return;
  }
  if (typeof next === 'number' && typeof prev === 'number' && next > prev) {
    errs.push(fieldErrors.invalid('spec.activeDeadlineSeconds', next, 'must be less than or equal to previous value'));
  }
}

/** Every old toleration must still be there, unchanged but for a NoExecute one's tolerationSeconds, which may only go down. */
function validateTolerationsUpdate(spec: Json, oldSpec: Json, errs: Errs): void {
  const next = listOf(spec['tolerations']).filter(isObject);
  for (const old of listOf(oldSpec['tolerations']).filter(isObject)) {
    const { tolerationSeconds: oldSeconds, ...rest } = old;
    const kept = next.find((t) => {
      const { tolerationSeconds: _s, ...other } = t;
      return semanticEqual(other, rest);
    });
    if (!kept) {
      errs.push(fieldErrors.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
      return;
    }
    const seconds = kept['tolerationSeconds'];
    if (typeof oldSeconds === 'number' && seconds !== oldSeconds && (typeof seconds !== 'number' || seconds > oldSeconds)) {
      errs.push(fieldErrors.forbidden('spec.tolerations', 'the tolerationSeconds of an existing toleration may only be decreased'));
      return;
    }
  }
}

function validateSchedulingGatesUpdate(spec: Json, oldSpec: Json, errs: Errs): void {
  const names = (value: unknown): unknown[] => listOf(value).map((g) => (isObject(g) ? g['name'] : g));
  const old = names(oldSpec['schedulingGates']);
  for (const name of names(spec['schedulingGates'])) {
    if (!old.some((o) => semanticEqual(o, name))) {
      errs.push(fieldErrors.forbidden('spec.schedulingGates', `only deletion is allowed, but found new scheduling gate '${String(name)}'`));
      return;
    }
  }
}

/** The spec with the fields that may change replaced by old's, so whatever differs is forbidden. */
function withMutableFieldsOf(spec: Json, oldSpec: Json): Json {
  const munged: Json = { ...spec };
  for (const field of ['containers', 'initContainers']) {
    const oldList = listOf(oldSpec[field]);
    if (!Array.isArray(spec[field])) continue;
    munged[field] = spec[field].map((c: unknown, i: number) => {
      const old = oldList[i];
      return isObject(c) && isObject(old) ? { ...c, image: old['image'] } : c;
    });
  }
  for (const field of ['activeDeadlineSeconds', 'tolerations', 'schedulingGates']) {
    if (oldSpec[field] === undefined) delete munged[field];
    else munged[field] = oldSpec[field];
  }
  return munged;
}

export function validatePodUpdate(obj: Json, old: Json, errs: Errs): void {
  const spec = specOf(obj);
  const oldSpec = specOf(old);
  const before = errs.length;
  validateActiveDeadline(spec, oldSpec, errs);
  validateTolerationsUpdate(spec, oldSpec, errs);
  validateSchedulingGatesUpdate(spec, oldSpec, errs);
  if (errs.length > before) return;
  if (!semanticEqual(withMutableFieldsOf(spec, oldSpec), oldSpec)) errs.push(fieldErrors.forbidden('spec', POD_UPDATE_FORBIDDEN));
}
