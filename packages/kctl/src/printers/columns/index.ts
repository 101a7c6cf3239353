// kind → its table columns.
import { DEPLOYMENT_COLUMNS, REPLICASET_COLUMNS } from './workloads';
import { POD_COLUMNS } from './pods';
import {
  CONFIGMAP_COLUMNS,
  DEFAULT_COLUMNS,
  ENDPOINTS_COLUMNS,
  EVENT_COLUMNS,
  LEASE_COLUMNS,
  NAMESPACE_COLUMNS,
  NODE_COLUMNS,
  SECRET_COLUMNS,
  SERVICE_COLUMNS,
} from './core';
import { Column } from './types';

export type { Column, CellContext } from './types';

const BY_KIND: Record<string, Column[]> = {
  Pod: POD_COLUMNS,
  Deployment: DEPLOYMENT_COLUMNS,
  ReplicaSet: REPLICASET_COLUMNS,
  Service: SERVICE_COLUMNS,
  Node: NODE_COLUMNS,
  Namespace: NAMESPACE_COLUMNS,
  ConfigMap: CONFIGMAP_COLUMNS,
  Secret: SECRET_COLUMNS,
  Endpoints: ENDPOINTS_COLUMNS,
  Event: EVENT_COLUMNS,
  Lease: LEASE_COLUMNS,
};

export function columnsFor(kind: string, wide: boolean): Column[] {
  return (BY_KIND[kind] ?? DEFAULT_COLUMNS).filter((c) => wide || !c.wide);
}
