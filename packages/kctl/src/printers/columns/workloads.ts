// Deployments and ReplicaSets, as kubectl prints them.
import type { Deployment, KObject, ReplicaSet } from '@kctl/api';
import { formatLabelSelector } from '../../util/json';
import { AGE, NAME, num } from './common';
import { Column } from './types';

type PodTemplate = NonNullable<Deployment['spec']>['template'];

const containers = (t: PodTemplate | undefined): string => (t?.spec?.containers ?? []).map((c) => c.name).join(',');
const images = (t: PodTemplate | undefined): string => (t?.spec?.containers ?? []).map((c) => c.image ?? '').join(',');

const dep = (o: KObject): Deployment => o as unknown as Deployment;
const rs = (o: KObject): ReplicaSet => o as unknown as ReplicaSet;

export const DEPLOYMENT_COLUMNS: Column[] = [
  NAME,
  { header: 'READY', cell: (o) => `${num(dep(o).status?.readyReplicas)}/${num(dep(o).spec?.replicas ?? 1)}` },
  { header: 'UP-TO-DATE', cell: (o) => num(dep(o).status?.updatedReplicas) },
  { header: 'AVAILABLE', cell: (o) => num(dep(o).status?.availableReplicas) },
  AGE,
  { header: 'CONTAINERS', wide: true, cell: (o) => containers(dep(o).spec?.template) },
  { header: 'IMAGES', wide: true, cell: (o) => images(dep(o).spec?.template) },
  { header: 'SELECTOR', wide: true, cell: (o) => formatLabelSelector(dep(o).spec?.selector) },
];

export const REPLICASET_COLUMNS: Column[] = [
  NAME,
  { header: 'DESIRED', cell: (o) => num(rs(o).spec?.replicas ?? 1) },
  { header: 'CURRENT', cell: (o) => num(rs(o).status?.replicas) },
  { header: 'READY', cell: (o) => num(rs(o).status?.readyReplicas) },
  AGE,
  { header: 'CONTAINERS', wide: true, cell: (o) => containers(rs(o).spec?.template) },
  { header: 'IMAGES', wide: true, cell: (o) => images(rs(o).spec?.template) },
  { header: 'SELECTOR', wide: true, cell: (o) => formatLabelSelector(rs(o).spec?.selector) },
];
