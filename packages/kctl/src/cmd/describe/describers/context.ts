import type { KObject, ResourceInfo } from '@kctl/api';
import type { ApiClient } from '@kctl/client';

export interface DescribeContext {
  client: ApiClient;
  /** ms since epoch, for ages. */
  now: number;
  /** --show-events (default true). */
  showEvents: boolean;
}

/** Renders one object as kubectl describe does. */
export type Describer = (obj: KObject, info: ResourceInfo, ctx: DescribeContext) => Promise<string>;
