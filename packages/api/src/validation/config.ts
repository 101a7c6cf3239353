// ConfigMaps and Secrets: keys are config keys, Secret values are base64.
import { fieldErrors } from '../errors';
import { byteLength, isConfigMapKey } from './names';
import { Errs, getStringMap, invalidEach, Json, key } from './util';

/** 1 MiB: the most a ConfigMap's or Secret's data may hold. */
export const MAX_CONFIG_SIZE = 1024 * 1024;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The reason a string is not standard padded base64, or undefined when it is. */
export function base64Problem(value: string): string | undefined {
  if (BASE64.test(value)) return undefined;
  const bad = value.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0) return `illegal base64 data at input byte ${bad}`;
  return 'illegal base64 data: length must be a multiple of 4, padded with \'=\'';
}

export function validateConfigMap(obj: Json, errs: Errs): void {
  const data = getStringMap(obj, 'data', 'data', errs) ?? {};
  const binaryData = getStringMap(obj, 'binaryData', 'binaryData', errs) ?? {};
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    invalidEach(errs, key('data', k), k, isConfigMapKey(k));
    if (Object.prototype.hasOwnProperty.call(binaryData, k)) errs.push(fieldErrors.invalid('data', k, 'duplicate of key present in binaryData'));
    size += byteLength(v);
  }
  for (const [k, v] of Object.entries(binaryData)) {
    invalidEach(errs, key('binaryData', k), k, isConfigMapKey(k));
    if (Object.prototype.hasOwnProperty.call(data, k)) errs.push(fieldErrors.invalid('binaryData', k, 'duplicate of key present in data'));
    const problem = base64Problem(v);
    if (problem) errs.push(fieldErrors.invalid(key('binaryData', k), '<binary>', problem));
    size += Math.floor((v.length * 3) / 4);
  }
  if (size > MAX_CONFIG_SIZE) errs.push(fieldErrors.tooLong('', MAX_CONFIG_SIZE));
}

export function validateSecret(obj: Json, errs: Errs): void {
  const data = getStringMap(obj, 'data', 'data', errs) ?? {};
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    invalidEach(errs, key('data', k), k, isConfigMapKey(k));
    const problem = base64Problem(v);
    // The value may be secret: never echo it.
    if (problem) errs.push(fieldErrors.invalid(key('data', k), '<secret contents redacted>', problem));
    size += Math.floor((v.length * 3) / 4);
  }
  const stringData = getStringMap(obj, 'stringData', 'stringData', errs) ?? {};
  for (const [k, v] of Object.entries(stringData)) {
    invalidEach(errs, key('stringData', k), k, isConfigMapKey(k));
    size += byteLength(v);
  }
  if (size > MAX_CONFIG_SIZE) errs.push(fieldErrors.tooLong('data', MAX_CONFIG_SIZE));
  const type = obj['type'];
  if (type !== undefined && type !== null && typeof type !== 'string') errs.push(fieldErrors.invalid('type', type, 'must be a string'));
}
