// Objects are stored as JSON without resourceVersion; the resourceVersion a
// reader sees is always etcd's mod revision of the key.
import { KObject } from '@kctl/api';
import { StoredValue } from '../storage/store';

export function encode(obj: KObject): string {
  const { resourceVersion: _dropped, ...metadata } = obj.metadata;
  return JSON.stringify({ ...obj, metadata });
}

export function decode(value: string, revision: number): KObject {
  const obj = JSON.parse(value) as KObject;
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

export function decodeStored(stored: StoredValue): KObject {
  return decode(stored.value, stored.modRevision);
}
