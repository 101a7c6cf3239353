import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { writeOciArchive } from './oci';

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('writeOciArchive', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-oci-test-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function build(name: string): { archive: Buffer; layout: string } {
    const rootfs = path.join(tmp, `rootfs-${name}`);
    fs.mkdirSync(path.join(rootfs, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(rootfs, 'bin', 'hello'), '#!/bin/sh\necho hi\n');
    fs.chmodSync(path.join(rootfs, 'bin', 'hello'), 0o755);
    const out = path.join(tmp, `${name}.tar`);
    const work = path.join(tmp, `work-${name}`);
    fs.mkdirSync(work);
    writeOciArchive({ ref: 'kctl.local/hello:1.0', rootfs, config: { Entrypoint: ['/bin/hello'] } }, out, work);
    const layout = path.join(tmp, `unpacked-${name}`);
    fs.mkdirSync(layout);
    execFileSync('tar', ['-xf', out, '-C', layout]);
    return { archive: fs.readFileSync(out), layout };
  }

  const blob = (layout: string, digest: string): Buffer => fs.readFileSync(path.join(layout, 'blobs', 'sha256', digest.replace('sha256:', '')));

  test('writes an OCI layout whose index names the image and whose blobs match their digests', () => {
    const { layout } = build('a');
    expect(JSON.parse(fs.readFileSync(path.join(layout, 'oci-layout'), 'utf8'))).toEqual({ imageLayoutVersion: '1.0.0' });
    const index = JSON.parse(fs.readFileSync(path.join(layout, 'index.json'), 'utf8'));
    const entry = index.manifests[0];
    expect(entry.annotations['io.containerd.image.name']).toBe('kctl.local/hello:1.0');
    expect(entry.annotations['org.opencontainers.image.ref.name']).toBe('1.0');
    const manifestBytes = blob(layout, entry.digest);
    expect(sha256(manifestBytes)).toBe(entry.digest);
    expect(manifestBytes.length).toBe(entry.size);
    const manifest = JSON.parse(manifestBytes.toString());
    const config = JSON.parse(blob(layout, manifest.config.digest).toString());
    expect(config.config.Entrypoint).toEqual(['/bin/hello']);
    const layer = blob(layout, manifest.layers[0].digest);
    expect(sha256(layer)).toBe(manifest.layers[0].digest);
    // diff_id is the digest of the uncompressed layer, which holds the file owned by root.
    const tarBytes = zlib.gunzipSync(layer);
    expect(config.rootfs.diff_ids).toEqual([sha256(tarBytes)]);
    const listing = execFileSync('tar', ['-tvf', '-'], { input: tarBytes }).toString();
    expect(listing).toMatch(/-rwxr-xr-x 0\/0 .* \.\/bin\/hello/);
  });

  test('is reproducible: the same root filesystem gives the same bytes', () => {
    expect(build('a').archive.equals(build('b').archive)).toBe(true);
  });
});
