// ReplicaSets: status starts empty and is the controller's (status subresource).
import { Strategy } from '../registry/strategy';
import { kindRules, resourceInfo } from './rules';
import { statusSubresource } from './status';

export const replicaSetStrategy: Strategy = { ...kindRules('ReplicaSet'), ...statusSubresource(resourceInfo('replicasets')) };
