// The small kinds: Lease and Event.
import { fieldErrors } from '../errors';
import { isObject } from '../types';
import { Errs, getInt, getObject, getString, Json, validateNonnegative } from './util';

export function validateLease(obj: Json, errs: Errs): void {
  const spec = getObject(obj, 'spec', 'spec', errs);
  if (!spec) return;
  const duration = getInt(spec, 'leaseDurationSeconds', 'spec.leaseDurationSeconds', errs);
  if (duration !== undefined && duration <= 0) errs.push(fieldErrors.invalid('spec.leaseDurationSeconds', duration, 'must be greater than 0'));
  validateNonnegative(errs, 'spec.leaseTransitions', getInt(spec, 'leaseTransitions', 'spec.leaseTransitions', errs));
  getString(spec, 'holderIdentity', 'spec.holderIdentity', errs);
}

export function validateEvent(obj: Json, errs: Errs): void {
  const involved = getObject(obj, 'involvedObject', 'involvedObject', errs);
  if (!involved) {
    if (obj['involvedObject'] === undefined || obj['involvedObject'] === null) errs.push(fieldErrors.required('involvedObject'));
    return;
  }
  const namespace = getString(involved, 'namespace', 'involvedObject.namespace', errs);
  const meta = isObject(obj['metadata']) ? obj['metadata'] : {};
  if (namespace && namespace !== meta['namespace']) {
    errs.push(fieldErrors.invalid('involvedObject.namespace', namespace, 'does not match event.namespace'));
  }
  validateNonnegative(errs, 'count', getInt(obj, 'count', 'count', errs));
}
