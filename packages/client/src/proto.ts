// Loads proto/apiserver.proto once; both the client and the apiserver use it.
import * as path from 'path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export const PROTO_DIR = path.resolve(__dirname, '../../../proto');

/** Objects may be up to 3 MiB; lists of many objects are larger, so allow generous frames. */
export const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

let cached: grpc.GrpcObject | undefined;

export function loadApiPackage(): grpc.GrpcObject {
  if (!cached) {
    const definition = protoLoader.loadSync(path.join(PROTO_DIR, 'apiserver.proto'), {
      keepCase: false,
      longs: Number,
      defaults: true,
      oneofs: true,
    });
    cached = grpc.loadPackageDefinition(definition);
  }
  return cached;
}

export function apiService(name: 'Resources' | 'Discovery'): grpc.ServiceClientConstructor {
  const pkg = loadApiPackage() as unknown as { kctl: { api: { v1: Record<string, grpc.ServiceClientConstructor> } } };
  const ctor = pkg.kctl.api.v1[name];
  if (!ctor) throw new Error(`service ${name} missing from apiserver.proto`);
  return ctor;
}
