// Deployments and ReplicaSets (apps/validation), plus LabelSelector objects.
import { fieldErrors } from '../errors';
import { matchesLabels, selectorFromLabelSelector } from '../selectors';
import { isObject, K8sLabelSelector } from '../types';
import { isValidLabelValue, isValidPercent, isQualifiedName } from './names';
import { validateLabels } from './meta';
import { RESTART_POLICIES, validatePodTemplateSpec } from './pod';
import { child, Errs, getArray, getInt, getObject, getObjectList, getString, getStringMap, index, invalidEach, Json, validateImmutable, validateNonnegative } from './util';

/** Structure of a LabelSelector (matchLabels, matchExpressions). Returns true when it is usable. */
export function validateLabelSelector(value: unknown, path: string, errs: Errs): boolean {
  const before = errs.length;
  if (!isObject(value)) {
    errs.push(fieldErrors.invalid(path, value ?? null, 'must be an object'));
    return false;
  }
  const matchLabels = getStringMap(value, 'matchLabels', child(path, 'matchLabels'), errs);
  if (matchLabels) validateLabels(matchLabels, child(path, 'matchLabels'), errs);
  const exprsPath = child(path, 'matchExpressions');
  for (const [expr, i] of getObjectList(value, 'matchExpressions', exprsPath, errs)) {
    const p = index(exprsPath, i);
    const operator = getString(expr, 'operator', child(p, 'operator'), errs);
    const values = getArray(expr, 'values', child(p, 'values'), errs) ?? [];
    switch (operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(fieldErrors.required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errs.push(fieldErrors.forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(fieldErrors.invalid(child(p, 'operator'), operator ?? null, 'not a valid selector operator'));
    }
    const keyPath = child(p, 'key');
    const k = getString(expr, 'key', keyPath, errs);
    if (k === undefined) {
      if (expr['key'] === undefined || expr['key'] === null) errs.push(fieldErrors.required(keyPath));
    } else {
      invalidEach(errs, keyPath, k, isQualifiedName(k));
    }
    values.forEach((v, j) => {
      if (typeof v === 'string') invalidEach(errs, index(child(p, 'values'), j), v, isValidLabelValue(v));
      else errs.push(fieldErrors.invalid(index(child(p, 'values'), j), v, 'must be a string'));
    });
  }
  return errs.length === before;
}

function isEmptySelector(sel: Json): boolean {
  const labels = sel['matchLabels'];
  const exprs = sel['matchExpressions'];
  return (!isObject(labels) || Object.keys(labels).length === 0) && (!Array.isArray(exprs) || exprs.length === 0);
}

/** What Deployments and ReplicaSets share: replicas, selector, template. */
function validateReplicatedSpec(spec: Json, kindName: string, errs: Errs): void {
  validateNonnegative(errs, 'spec.replicas', getInt(spec, 'replicas', 'spec.replicas', errs));
  validateNonnegative(errs, 'spec.minReadySeconds', getInt(spec, 'minReadySeconds', 'spec.minReadySeconds', errs));

  const selector = spec['selector'];
  let usable = false;
  if (selector === undefined || selector === null) {
    errs.push(fieldErrors.required('spec.selector'));
  } else if (validateLabelSelector(selector, 'spec.selector', errs) && isObject(selector)) {
    if (isEmptySelector(selector)) errs.push(fieldErrors.invalid('spec.selector', selector, `empty selector is invalid for ${kindName}`));
    else usable = true;
  }

  const template = spec['template'];
  validatePodTemplateSpec(template, 'spec.template', errs);
  if (!isObject(template)) return;
  if (usable && isObject(selector)) {
    const meta = isObject(template['metadata']) ? template['metadata'] : {};
    const labels = isObject(meta['labels']) ? meta['labels'] : {};
    const stringLabels = Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string'));
    if (!matchesLabels(selectorFromLabelSelector(selector as K8sLabelSelector), stringLabels)) {
      errs.push(fieldErrors.invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
    }
  }
  const podSpec = template['spec'];
  if (isObject(podSpec)) {
    const restartPolicy = podSpec['restartPolicy'];
    if (typeof restartPolicy === 'string' && restartPolicy !== 'Always' && RESTART_POLICIES.includes(restartPolicy)) {
      errs.push(fieldErrors.notSupported('spec.template.spec.restartPolicy', restartPolicy, ['Always']));
    }
    if (podSpec['activeDeadlineSeconds'] !== undefined && podSpec['activeDeadlineSeconds'] !== null) {
      errs.push(fieldErrors.forbidden('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${kindName} is not Supported`));
    }
  }
}

/** The value of an int-or-percent, or undefined when it is neither. */
function intOrPercentValue(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && isValidPercent(value).length === 0) return Number(value.slice(0, -1));
  return undefined;
}

function validatePositiveIntOrPercent(value: unknown, path: string, errs: Errs): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string') invalidEach(errs, path, value, isValidPercent(value));
  else if (typeof value === 'number' && Number.isInteger(value)) validateNonnegative(errs, path, value);
  else errs.push(fieldErrors.invalid(path, value, "must be an integer or percentage (e.g '5%')"));
}

function validateStrategy(spec: Json, errs: Errs): void {
  const strategy = getObject(spec, 'strategy', 'spec.strategy', errs);
  if (!strategy) return;
  const type = getString(strategy, 'type', 'spec.strategy.type', errs);
  const rollingPresent = strategy['rollingUpdate'] !== undefined && strategy['rollingUpdate'] !== null;
  switch (type) {
    case undefined:
      // Defaulting makes it RollingUpdate.
      break;
    case 'Recreate':
      if (rollingPresent) errs.push(fieldErrors.forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
      return;
    case 'RollingUpdate':
      break;
    default:
      errs.push(fieldErrors.notSupported('spec.strategy.type', type, ['Recreate', 'RollingUpdate']));
      return;
  }
  const rolling = getObject(strategy, 'rollingUpdate', 'spec.strategy.rollingUpdate', errs);
  if (!rolling) return;
  const surge = rolling['maxSurge'];
  const unavailable = rolling['maxUnavailable'];
  validatePositiveIntOrPercent(unavailable, 'spec.strategy.rollingUpdate.maxUnavailable', errs);
  validatePositiveIntOrPercent(surge, 'spec.strategy.rollingUpdate.maxSurge', errs);
  // Absent values default to 25%, so only explicit zeros can collide.
  const surgeValue = surge === undefined || surge === null ? 25 : intOrPercentValue(surge);
  const unavailableValue = unavailable === undefined || unavailable === null ? 25 : intOrPercentValue(unavailable);
  if (surgeValue === 0 && unavailableValue === 0) {
    errs.push(fieldErrors.invalid('spec.strategy.rollingUpdate.maxUnavailable', unavailable, 'may not be 0 when `maxSurge` is 0'));
  }
  if (typeof unavailable === 'string' && unavailableValue !== undefined && unavailableValue > 100) {
    errs.push(fieldErrors.invalid('spec.strategy.rollingUpdate.maxUnavailable', unavailable, 'must not be greater than 100%'));
  }
}

function specOf(obj: Json, errs: Errs): Json | undefined {
  const spec = obj['spec'];
  if (isObject(spec)) return spec;
  if (spec === undefined || spec === null) errs.push(fieldErrors.required('spec'));
  else errs.push(fieldErrors.invalid('spec', spec, 'must be an object'));
  return undefined;
}

function validateSelectorUnchanged(obj: Json, old: Json | undefined, errs: Errs): void {
  if (!old) return;
  const spec = isObject(obj['spec']) ? obj['spec'] : {};
  const oldSpec = isObject(old['spec']) ? old['spec'] : {};
  validateImmutable(errs, 'spec.selector', spec['selector'], oldSpec['selector']);
}

export function validateDeployment(obj: Json, old: Json | undefined, errs: Errs): void {
  const spec = specOf(obj, errs);
  if (spec) {
    validateReplicatedSpec(spec, 'deployment', errs);
    validateStrategy(spec, errs);
    validateNonnegative(errs, 'spec.revisionHistoryLimit', getInt(spec, 'revisionHistoryLimit', 'spec.revisionHistoryLimit', errs));
    const deadline = getInt(spec, 'progressDeadlineSeconds', 'spec.progressDeadlineSeconds', errs);
    if (deadline !== undefined) {
      validateNonnegative(errs, 'spec.progressDeadlineSeconds', deadline);
      const minReady = typeof spec['minReadySeconds'] === 'number' ? spec['minReadySeconds'] : 0;
      if (deadline <= minReady) errs.push(fieldErrors.invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
    }
  }
  validateSelectorUnchanged(obj, old, errs);
}

export function validateReplicaSet(obj: Json, old: Json | undefined, errs: Errs): void {
  const spec = specOf(obj, errs);
  if (spec) validateReplicatedSpec(spec, 'replicaset', errs);
  validateSelectorUnchanged(obj, old, errs);
}
