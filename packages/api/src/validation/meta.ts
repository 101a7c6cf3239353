// ObjectMeta: name, namespace, labels and annotations (apimachinery's ValidateObjectMeta).
import { fieldErrors } from '../errors';
import { NameRule } from '../resources';
import { isObject } from '../types';
import { byteLength, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names';
import { child, Errs, getString, getStringMap, invalidEach, Json } from './util';

/** 256 KiB: the most all annotations of one object may add up to (keys plus values). */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function nameValidatorFor(rule: NameRule): (name: string) => string[] {
  switch (rule) {
    case 'dns1123Label':
      return isDNS1123Label;
    case 'rfc1035Label':
      return isDNS1035Label;
    case 'dns1123Subdomain':
      return isDNS1123Subdomain;
  }
}

/** Label keys are qualified names; values are empty or ≤ 63 of the same charset. */
export function validateLabels(labels: Record<string, string>, path: string, errs: Errs): void {
  for (const [k, v] of Object.entries(labels)) {
    invalidEach(errs, path, k, isQualifiedName(k));
    invalidEach(errs, path, v, isValidLabelValue(v));
  }
}

/** Annotation keys are qualified names (case-insensitive); the total size is bounded. */
export function validateAnnotations(annotations: Record<string, string>, path: string, errs: Errs): void {
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    invalidEach(errs, path, k, isQualifiedName(k.toLowerCase()));
    size += byteLength(k) + byteLength(v);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(fieldErrors.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
}

/** Labels and annotations only: what a pod template's metadata needs. */
export function validateLabelsAndAnnotations(meta: Json, path: string, errs: Errs): void {
  const labels = getStringMap(meta, 'labels', child(path, 'labels'), errs);
  if (labels) validateLabels(labels, child(path, 'labels'), errs);
  const annotations = getStringMap(meta, 'annotations', child(path, 'annotations'), errs);
  if (annotations) validateAnnotations(annotations, child(path, 'annotations'), errs);
}

export interface ObjectMetaRules {
  namespaced: boolean;
  nameRule: NameRule;
}

export function validateObjectMeta(metaValue: unknown, rules: ObjectMetaRules, errs: Errs, path = 'metadata'): void {
  if (metaValue !== undefined && metaValue !== null && !isObject(metaValue)) {
    errs.push(fieldErrors.invalid(path, metaValue, 'must be an object'));
    return;
  }
  const meta: Json = isObject(metaValue) ? metaValue : {};
  const namePath = child(path, 'name');
  if (isEmpty(meta['name'])) {
    errs.push(fieldErrors.required(namePath, 'name or generateName is required'));
  } else {
    const name = getString(meta, 'name', namePath, errs);
    if (name !== undefined) invalidEach(errs, namePath, name, nameValidatorFor(rules.nameRule)(name));
  }

  const nsPath = child(path, 'namespace');
  if (rules.namespaced) {
    if (isEmpty(meta['namespace'])) {
      errs.push(fieldErrors.required(nsPath));
    } else {
      const namespace = getString(meta, 'namespace', nsPath, errs);
      if (namespace !== undefined) invalidEach(errs, nsPath, namespace, isDNS1123Label(namespace));
    }
  } else if (!isEmpty(meta['namespace'])) {
    errs.push(fieldErrors.forbidden(nsPath, 'not allowed on this type'));
  }

  validateLabelsAndAnnotations(meta, path, errs);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}
