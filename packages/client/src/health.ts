// The gRPC health service (grpc.health.v1) for any kctl server, and a client check.
import * as path from 'path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { PROTO_DIR } from './proto';

export type ServingStatus = 'SERVING' | 'NOT_SERVING';

function healthService(): grpc.ServiceClientConstructor {
  const definition = protoLoader.loadSync(path.join(PROTO_DIR, 'health.proto'), { keepCase: true, enums: String, defaults: true });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as { grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } } };
  return pkg.grpc.health.v1.Health;
}

/** Health state of one server; "" names the server as a whole. */
export class HealthStatus {
  private readonly statuses = new Map<string, ServingStatus>([['', 'SERVING']]);
  private readonly watchers = new Set<{ service: string; call: grpc.ServerWritableStream<{ service: string }, unknown> }>();

  get(service: string): ServingStatus | undefined {
    return this.statuses.get(service);
  }

  set(service: string, status: ServingStatus): void {
    if (this.statuses.get(service) === status) return;
    this.statuses.set(service, status);
    for (const w of this.watchers) if (w.service === service) w.call.write({ status });
  }

  addTo(server: grpc.Server): void {
    server.addService(healthService().service, {
      Check: (call: grpc.ServerUnaryCall<{ service: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        const status = this.statuses.get(call.request.service);
        if (status) callback(null, { status });
        else callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${call.request.service}` });
      },
      Watch: (call: grpc.ServerWritableStream<{ service: string }, unknown>) => {
        const entry = { service: call.request.service, call };
        this.watchers.add(entry);
        call.write({ status: this.statuses.get(call.request.service) ?? 'SERVICE_UNKNOWN' });
        call.on('cancelled', () => this.watchers.delete(entry));
      },
    });
  }
}

/** Asks a server for its health; resolves to the serving status. */
export function checkHealth(address: string, service = '', timeoutMs = 5000): Promise<string> {
  const client = new (healthService())(address, grpc.credentials.createInsecure());
  return new Promise<string>((resolve, reject) => {
    (client as unknown as { Check: (req: unknown, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res: { status: string }) => void) => void }).Check(
      { service },
      { deadline: Date.now() + timeoutMs },
      (err, res) => {
        client.close();
        if (err) reject(err);
        else resolve(res.status);
      },
    );
  });
}
