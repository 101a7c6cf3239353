// The cheapest server that can stand where the apiserver stands: it serves the
// apiserver's gRPC Create and hands each request's JSON to etcd in the same
// create transaction, through the same etcd client and options, and answers
// with the JSON it was sent. No defaults, validation, admission, metadata or
// watch. What it reaches is the ceiling for any apiserver built on grpc-js and
// etcd3 on the machine, so the benchmark measures it beside the apiserver.
import * as grpc from '@grpc/grpc-js';
import { alreadyExists } from '@kctl/api';
import { etcdClientOptions } from '@kctl/apiserver';
import { apiService, toGrpcError } from '@kctl/client';
import { Etcd3 } from 'etcd3';

/** Where the forwarder keeps an object: outside /registry/, so the apiserver's watches never see it. */
export function forwarderKey(resource: string, namespace: string, name: string): string {
  return `/benchfwd/${resource}/${namespace}/${name}`;
}

interface CreateRequest {
  ref: { resource: string; namespace: string };
  objectJson: string;
}

export interface Forwarder {
  address: string;
  stop(): Promise<void>;
}

export async function startForwarder(etcdEndpoint: string): Promise<Forwarder> {
  const etcd = new Etcd3(etcdClientOptions([etcdEndpoint]));
  const server = new grpc.Server({ 'grpc.enable_channelz': 0 });
  server.addService(apiService('Resources').service, {
    Create: (call: grpc.ServerUnaryCall<CreateRequest, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const { ref, objectJson } = call.request;
      // The name is all it needs from the object; any server must parse the request to learn it.
      const name = (JSON.parse(objectJson) as { metadata: { name: string } }).metadata.name;
      const key = forwarderKey(ref.resource, ref.namespace, name);
      etcd
        .if(key, 'Create', '==', 0)
        .then(etcd.put(key).value(objectJson))
        .commit()
        .then(
          (res) => callback(res.succeeded ? null : toGrpcError(alreadyExists(ref.resource, name)), { objectJson }),
          (err: Error) => callback(err),
        );
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  return {
    address: `127.0.0.1:${port}`,
    stop: async () => {
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      etcd.close();
    },
  };
}
