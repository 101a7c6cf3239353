// Counts the unary RPCs etcd has served, by method, from its /metrics page, so
// a run can say how many etcd calls one operation costs.

/** grpc_server_started_total for unary calls, by method (Range, Txn, Put, ...). */
export async function etcdUnaryRpcs(endpoint: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${endpoint}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('grpc_server_started_total{') || !line.includes('grpc_type="unary"')) continue;
    const method = /grpc_method="([^"]+)"/.exec(line)?.[1];
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (method && Number.isFinite(value)) counts.set(method, (counts.get(method) ?? 0) + value);
  }
  return counts;
}

/** Calls per operation between two readings, for the methods that were called. */
export function rpcsPerOp(before: Map<string, number>, after: Map<string, number>, ops: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [method, value] of after) {
    const delta = value - (before.get(method) ?? 0);
    const perOp = ops > 0 ? Math.round((delta / ops) * 100) / 100 : 0;
    if (perOp > 0) out[method] = perOp;
  }
  return out;
}
