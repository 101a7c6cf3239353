import { ResourceInfo } from './resources';
import { StatusCause } from './errors';
import { KObject } from './types';

/** Returns every problem found in obj, or [] when it is valid. old is set on update. */
export function validateObject(_info: ResourceInfo, _obj: KObject, _old?: KObject): StatusCause[] {
  return [];
}
