export { run } from './cli';
export type { IOStreams, Output } from './io';
export { threeWayMerge } from './apply/merge';
export { humanDuration } from './printers/duration';
export { JsonPath } from './printers/jsonpath';
export { readManifests } from './manifests/read';
