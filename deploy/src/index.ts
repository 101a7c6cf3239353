// @kctl/deploy as a library: the local cluster and its kubeconfig helper.
export { startLocalCluster } from './cluster/local-cluster';
export type { LocalClusterOptions, LocalClusterHandle } from './cluster/local-cluster';
export { writeKubeconfig, kubeconfigPath, mergeLocalContext, parseKubeconfig } from './cluster/kubeconfig';
export { assertPortFree, PortInUseError } from './cluster/ports';
