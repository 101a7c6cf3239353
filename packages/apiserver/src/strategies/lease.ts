// Leases are plain data: Kubernetes' defaults and validation, nothing around the write.
import { Strategy } from '../registry/strategy';
import { kindRules } from './rules';

export const leaseStrategy: Strategy = kindRules('Lease');
