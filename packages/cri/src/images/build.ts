// kctl's node images, built on the machine from Debian packages (no Docker, no
// registry, no internet) and cached by the hash of what went into them:
//   kctl.local/pause:3.10          a static C pause process (gcc -static)
//   kctl.local/busybox:<x.y>       Debian's busybox-static with its applet links
//   kctl.local/static-httpd:1.0    a static C HTTP server answering 200
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findBinary } from '../containerd/requirements';
import { ImageConfig, writeOciArchive } from './oci';
import { PAUSE_C, STATIC_HTTPD_C } from './sources';

/** Bump when the way images are built changes, so cached archives are rebuilt. */
const BUILDER_VERSION = '1';

export const PAUSE_IMAGE = 'kctl.local/pause:3.10';
export const STATIC_HTTPD_IMAGE = 'kctl.local/static-httpd:1.0';

export interface BuiltImage {
  ref: string;
  /** OCI archive for `ctr images import`. */
  archive: string;
}

interface Recipe {
  ref: string;
  /** Everything the image's bytes depend on. */
  inputs: (string | Buffer)[];
  config: ImageConfig;
  fill(rootfs: string, work: string): void;
}

export function defaultImageCache(): string {
  return path.join(os.tmpdir(), `kctl-images-${process.getuid?.() ?? 'user'}`);
}

function compileStatic(source: string, out: string, work: string): void {
  const src = path.join(work, `${path.basename(out)}.c`);
  fs.writeFileSync(src, source);
  execFileSync(findBinary('gcc'), ['-static', '-Os', '-s', '-o', out, src], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** ldd fails ("not a dynamic executable") exactly for static binaries. */
function isDynamic(binary: string): boolean {
  try {
    execFileSync('ldd', [binary], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function baseDirs(rootfs: string): void {
  for (const d of ['bin', 'etc', 'tmp', 'proc', 'sys', 'dev']) fs.mkdirSync(path.join(rootfs, d), { recursive: true });
  fs.chmodSync(path.join(rootfs, 'tmp'), 0o1777);
}

function pauseRecipe(): Recipe {
  return {
    ref: PAUSE_IMAGE,
    inputs: [PAUSE_C],
    config: { Entrypoint: ['/pause'] },
    fill: (rootfs, work) => compileStatic(PAUSE_C, path.join(rootfs, 'pause'), work),
  };
}

/** The busybox of Debian's busybox-static (the tag is its upstream major.minor). */
function busyboxRecipe(): Recipe {
  const binary = findBinary('busybox');
  const bytes = fs.readFileSync(binary);
  const banner = execFileSync(binary, [], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  const version = /BusyBox v(\d+\.\d+)/.exec(banner)?.[1] ?? 'unknown';
  if (isDynamic(binary)) throw new Error(`${binary} is linked dynamically; install busybox-static`);
  return {
    ref: `kctl.local/busybox:${version}`,
    inputs: [bytes],
    config: { Cmd: ['sh'] },
    fill: (rootfs) => {
      baseDirs(rootfs);
      fs.copyFileSync(binary, path.join(rootfs, 'bin', 'busybox'));
      fs.chmodSync(path.join(rootfs, 'bin', 'busybox'), 0o755);
      const applets = execFileSync(binary, ['--list']).toString().split('\n').filter((a) => a && a !== 'busybox');
      for (const applet of applets) fs.symlinkSync('busybox', path.join(rootfs, 'bin', applet));
      fs.writeFileSync(path.join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
      fs.writeFileSync(path.join(rootfs, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
    },
  };
}

function staticHttpdRecipe(): Recipe {
  return {
    ref: STATIC_HTTPD_IMAGE,
    inputs: [STATIC_HTTPD_C],
    config: { Entrypoint: ['/static-httpd'], Cmd: ['8080'], ExposedPorts: { '8080/tcp': {} } },
    fill: (rootfs, work) => {
      baseDirs(rootfs);
      compileStatic(STATIC_HTTPD_C, path.join(rootfs, 'static-httpd'), work);
    },
  };
}

/** Work directories of builds that were interrupted (older than 10 minutes) are removed. */
function removeAbandonedBuilds(cacheDir: string): void {
  if (!fs.existsSync(cacheDir)) return;
  for (const name of fs.readdirSync(cacheDir)) {
    const dir = path.join(cacheDir, name);
    if (name.startsWith('build-') && Date.now() - fs.statSync(dir).mtimeMs > 10 * 60_000) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function buildCached(recipe: Recipe, cacheDir: string): BuiltImage {
  const hash = createHash('sha256').update(BUILDER_VERSION).update(recipe.ref).update(JSON.stringify(recipe.config));
  for (const input of recipe.inputs) hash.update(input);
  const key = hash.digest('hex').slice(0, 16);
  const archive = path.join(cacheDir, `${recipe.ref.replace(/[/:]/g, '_')}-${key}.tar`);
  if (fs.existsSync(archive)) return { ref: recipe.ref, archive };
  fs.mkdirSync(cacheDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(cacheDir, 'build-'));
  try {
    const rootfs = path.join(work, 'rootfs');
    fs.mkdirSync(rootfs);
    recipe.fill(rootfs, work);
    const partial = path.join(work, 'image.tar');
    writeOciArchive({ ref: recipe.ref, rootfs, config: recipe.config }, partial, work);
    fs.renameSync(partial, archive); // atomic: a concurrent or interrupted build never leaves half an archive
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { ref: recipe.ref, archive };
}

/** Builds (or finds in the cache) pause, busybox and static-httpd. */
export function buildNodeImages(cacheDir = defaultImageCache()): { pause: BuiltImage; busybox: BuiltImage; httpd: BuiltImage } {
  removeAbandonedBuilds(cacheDir);
  return {
    pause: buildCached(pauseRecipe(), cacheDir),
    busybox: buildCached(busyboxRecipe(), cacheDir),
    httpd: buildCached(staticHttpdRecipe(), cacheDir),
  };
}

/** Imports archives into the k8s.io namespace (the one the CRI plugin serves) of the containerd at `socket`. */
export function importImages(socket: string, images: BuiltImage[]): void {
  const ctr = findBinary('ctr');
  for (const image of images) {
    execFileSync(ctr, ['--address', socket, '--namespace', 'k8s.io', 'images', 'import', image.archive], { stdio: ['ignore', 'ignore', 'pipe'] });
  }
}
