// The CRI client the kubelet holds: one connection, both services.
import { CriConnection, CriConnectionOptions } from './connection';
import { ImageService } from './image-service';
import { RuntimeService } from './runtime-service';

export interface CriClient {
  readonly runtime: RuntimeService;
  readonly images: ImageService;
  close(): void;
}

export function connectCri(options: CriConnectionOptions): CriClient {
  const conn = new CriConnection(options);
  return { runtime: new RuntimeService(conn), images: new ImageService(conn), close: () => conn.close() };
}
