// Loads proto/cri/api.proto once and exposes each RPC's method definition
// (path and codecs), which the connection calls directly.
import * as path from 'path';
import * as protoLoader from '@grpc/proto-loader';

export const CRI_PROTO = path.resolve(__dirname, '../../../proto/cri/api.proto');

export type CriServiceName = 'RuntimeService' | 'ImageService';

let cached: protoLoader.PackageDefinition | undefined;

function definition(): protoLoader.PackageDefinition {
  cached ??= protoLoader.loadSync(CRI_PROTO, {
    keepCase: false,
    enums: String,
    // Nanosecond timestamps exceed 2^53 and lose their last few bits as numbers;
    // nothing in kctl needs sub-microsecond precision, and numbers are easy to use.
    longs: Number,
    defaults: true,
    oneofs: true,
  });
  return cached;
}

export function criMethod(service: CriServiceName, method: string): protoLoader.MethodDefinition<object, object> {
  const svc = definition()[`runtime.v1.${service}`] as protoLoader.ServiceDefinition | undefined;
  const found = svc?.[method];
  if (!found) throw new Error(`runtime.v1.${service}/${method} is missing from ${CRI_PROTO}`);
  return found as protoLoader.MethodDefinition<object, object>;
}
