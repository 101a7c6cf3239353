import { ResourceInfo } from './resources';
import { KObject } from './types';

/** Fills in Kubernetes' defaults, in place, on an object about to be stored. */
export function applyDefaults(_info: ResourceInfo, _obj: KObject): void {}
