// The files a kctl node's containerd runs from, all under one directory of its
// own, so several nodes (and test runs) share a machine without meeting:
//   <dir>/config.toml           containerd's configuration
//   <dir>/root, <dir>/state     containerd's persistent and runtime state
//   <dir>/containerd.sock       the CRI (and containerd) socket
//   <dir>/runc                  runc's state for this containerd's containers
//   <dir>/cni/net.d             the node's CNI network (bridge + portmap)
//   <dir>/cni/ipam              host-local's leases, one file per pod IP
//   <dir>/certs.d               registry host configuration
// Why each setting: see packages/cri/README.md.
import * as path from 'path';

export interface NodeLayout {
  dir: string;
  configFile: string;
  root: string;
  state: string;
  socket: string;
  runcRoot: string;
  cniConfDir: string;
  cniIpamDir: string;
  certsDir: string;
}

export function nodeLayout(dir: string): NodeLayout {
  return {
    dir,
    configFile: path.join(dir, 'config.toml'),
    root: path.join(dir, 'root'),
    state: path.join(dir, 'state'),
    socket: path.join(dir, 'containerd.sock'),
    runcRoot: path.join(dir, 'runc'),
    cniConfDir: path.join(dir, 'cni', 'net.d'),
    cniIpamDir: path.join(dir, 'cni', 'ipam'),
    certsDir: path.join(dir, 'certs.d'),
  };
}

/** Debian's containernetworking-plugins install here. */
export const CNI_BIN_DIR = '/usr/lib/cni';

const quote = (s: string): string => JSON.stringify(s);

export function containerdConfig(layout: NodeLayout, sandboxImage: string): string {
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  return `# Written by @kctl/cri; regenerated on every start.
version = 2
root = ${quote(layout.root)}
state = ${quote(layout.state)}
oom_score = 0
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]

[grpc]
  address = ${quote(layout.socket)}

[ttrpc]
  address = ${quote(`${layout.socket}.ttrpc`)}

[debug]
  level = "warn"

[metrics]
  address = ""

[${cri}]
  sandbox_image = ${quote(sandboxImage)}
  restrict_oom_score_adj = true
  disable_apparmor = true
  enable_selinux = false
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  enable_cdi = false

[${cri}.containerd]
  snapshotter = "overlayfs"
  default_runtime_name = "runc"

[${cri}.containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"

[${cri}.containerd.runtimes.runc.options]
  SystemdCgroup = false
  Root = ${quote(layout.runcRoot)}

[${cri}.cni]
  bin_dir = ${quote(CNI_BIN_DIR)}
  conf_dir = ${quote(layout.cniConfDir)}
  max_conf_num = 1

[${cri}.registry]
  config_path = ${quote(layout.certsDir)}
`;
}

export interface CniNetworkOptions {
  /** Network name, also the host-local leases' sub-directory. */
  name: string;
  /** Linux bridge device on the host (at most 15 characters). */
  bridge: string;
  /** The node's pod range, one /24, e.g. 10.88.3.0/24. */
  podCidr: string;
  ipamDir: string;
}

export function cniConflist(options: CniNetworkOptions): string {
  const conf = {
    cniVersion: '0.4.0',
    name: options.name,
    plugins: [
      {
        type: 'bridge',
        bridge: options.bridge,
        isGateway: true,
        // Pods never talk off the machine here, so nothing is masqueraded.
        ipMasq: false,
        hairpinMode: true,
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: options.podCidr }]],
          routes: [{ dst: '0.0.0.0/0' }],
          dataDir: options.ipamDir,
        },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  };
  return `${JSON.stringify(conf, null, 2)}\n`;
}

/**
 * certs.d/<host>/hosts.toml sending every pull for `host` to `server`. kctl's
 * own image host points at a closed loopback port unless a local registry is
 * given, so a pull of an image nobody imported fails at once, on this machine.
 */
export function registryHostsToml(server: string): string {
  return `server = ${quote(server)}\n\n[host.${quote(server)}]\n  capabilities = ["pull", "resolve"]\n  skip_verify = true\n`;
}
