// The pods informer's index by spec.nodeName, shared by the controllers that look at a node's pods.
import type { PodObject } from '@kctl/api';

export const POD_NODE_INDEX = 'nodeName';

export const podNodeIndex = (pod: PodObject): string[] => (pod.spec?.nodeName ? [pod.spec.nodeName] : []);
