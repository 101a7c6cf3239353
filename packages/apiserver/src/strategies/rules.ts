// The pure defaulting and validation @kctl/api keeps for a kind, for a strategy to wire in.
import { findResource, KIND_DEFAULTS, KIND_VALIDATORS, ResourceInfo } from '@kctl/api';
import { Strategy } from '../registry/strategy';

export function resourceInfo(resource: string): ResourceInfo {
  const info = findResource(resource);
  if (!info) throw new Error(`no resource ${resource} in the resource table`);
  return info;
}

export function kindRules(kind: string): Pick<Strategy, 'defaults' | 'validate'> {
  return { defaults: KIND_DEFAULTS[kind], validate: KIND_VALIDATORS[kind] };
}
