// Writes a one-layer OCI image archive (an OCI image layout in a tar) from a
// root filesystem directory: the layer as tar.gz, then config, manifest and
// index, each addressed by its sha256. containerd imports it with
// `ctr images import`, naming it from the index's io.containerd.image.name.
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

export interface ImageConfig {
  Entrypoint?: string[];
  Cmd?: string[];
  Env?: string[];
  WorkingDir?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  StopSignal?: string;
}

export interface OciImage {
  /** Full reference, e.g. kctl.local/pause:3.10. */
  ref: string;
  rootfs: string;
  config: ImageConfig;
}

interface Blob {
  mediaType: string;
  digest: string;
  size: number;
}

const sha256 = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

function putBlob(layout: string, mediaType: string, data: Buffer): Blob {
  const digest = sha256(data);
  fs.writeFileSync(path.join(layout, 'blobs', 'sha256', digest.slice('sha256:'.length)), data);
  return { mediaType, digest, size: data.length };
}

/** Builds `out` (a tar of an OCI layout). Reproducible: fixed owners, order and times. */
export function writeOciArchive(image: OciImage, out: string, work: string): void {
  const layout = path.join(work, 'layout');
  fs.mkdirSync(path.join(layout, 'blobs', 'sha256'), { recursive: true });
  const layerTar = execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', image.rootfs, '-cf', '-', '.'], { maxBuffer: 1 << 30 });
  const layer = putBlob(layout, 'application/vnd.oci.image.layer.v1.tar+gzip', zlib.gzipSync(layerTar, { level: 9 }));
  const created = '1970-01-01T00:00:00Z';
  const config = putBlob(
    layout,
    'application/vnd.oci.image.config.v1+json',
    Buffer.from(
      JSON.stringify({
        created,
        architecture: 'amd64',
        os: 'linux',
        config: { Env: ['PATH=/bin:/usr/bin:/sbin:/usr/sbin'], ...image.config },
        rootfs: { type: 'layers', diff_ids: [sha256(layerTar)] },
        history: [{ created, created_by: '@kctl/cri image builder' }],
      }),
    ),
  );
  const manifest = putBlob(
    layout,
    'application/vnd.oci.image.manifest.v1+json',
    Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers: [layer] })),
  );
  const tag = image.ref.slice(image.ref.lastIndexOf(':') + 1);
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        ...manifest,
        platform: { architecture: 'amd64', os: 'linux' },
        annotations: { 'io.containerd.image.name': image.ref, 'org.opencontainers.image.ref.name': tag },
      },
    ],
  };
  fs.writeFileSync(path.join(layout, 'index.json'), JSON.stringify(index));
  fs.writeFileSync(path.join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', layout, '-cf', out, 'oci-layout', 'index.json', 'blobs']);
}
