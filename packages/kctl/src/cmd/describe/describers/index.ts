import { Describer } from './context';
import { describePod } from './pod';
import { describeDeployment, describeReplicaSet } from './deployment';
import { describeEndpoints, describeService } from './service';
import { describeConfigMap, describeNamespace, describeSecret } from './config';
import { describeNode } from './node';
import { describeGeneric } from './generic';

export type { Describer, DescribeContext } from './context';

const BY_KIND: Record<string, Describer> = {
  Pod: describePod,
  Deployment: describeDeployment,
  ReplicaSet: describeReplicaSet,
  Service: describeService,
  Endpoints: describeEndpoints,
  ConfigMap: describeConfigMap,
  Secret: describeSecret,
  Namespace: describeNamespace,
  Node: describeNode,
};

export function describerFor(kind: string): Describer {
  return BY_KIND[kind] ?? describeGeneric;
}
