// End to end: a real etcd and apiserver, kctl driven in-process through run()
// with captured output, on the manifests in /examples.
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { KObject } from '@kctl/api';
import { freePort } from '@kctl/etcd';
import { ControlPlane, startControlPlane } from '@kctl/testing';
import { run } from './cli';
import { captureIO } from './testing/io';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

let cluster: ControlPlane;
let home: string;
let work: string;

interface Result {
  code: number;
  out: string;
  err: string;
}

async function kctl(args: string[], options: { stdin?: string; signal?: AbortSignal; server?: string | null } = {}): Promise<Result> {
  const c = captureIO({ env: { HOME: home }, cwd: work, stdin: options.stdin, signal: options.signal });
  const server = options.server === null ? [] : ['-s', options.server ?? cluster.address];
  const code = await run([...server, ...args], c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}

const AGE = '\\d+[smhd]';

beforeAll(async () => {
  cluster = await startControlPlane({ clientTimeoutMs: 10_000 });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-it-home-'));
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-it-work-'));
  fs.cpSync(EXAMPLES, path.join(work, 'examples'), { recursive: true });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

describe('apply', () => {
  test('creates every example object', async () => {
    const r = await kctl(['apply', '-f', 'examples/']);
    expect(r).toEqual({
      code: 0,
      out: 'namespace/demo created\nconfigmap/web-config created\nsecret/web-secret created\ndeployment.apps/web created\nservice/web created\n',
      err: '',
    });
    const live = await cluster.client.get('deployments', 'demo', 'web');
    const annotation = live.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '';
    expect(annotation.endsWith('\n')).toBe(true);
    const lastApplied = JSON.parse(annotation) as KObject;
    expect(lastApplied.metadata).toEqual({ annotations: {}, labels: { app: 'web' }, name: 'web', namespace: 'demo' });
    expect(lastApplied).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: 2 } });
  });

  test('applying the same manifests again changes nothing', async () => {
    const before = (await cluster.client.get('deployments', 'demo', 'web')).metadata.resourceVersion;
    const r = await kctl(['apply', '-f', 'examples']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('namespace/demo unchanged\nconfigmap/web-config unchanged\nsecret/web-secret unchanged\ndeployment.apps/web unchanged\nservice/web unchanged\n');
    expect((await cluster.client.get('deployments', 'demo', 'web')).metadata.resourceVersion).toBe(before);
  });

  test('an edited manifest: configured; removed fields go, fields set by others stay', async () => {
    await cluster.client.patch('deployments', 'demo', 'web', { metadata: { labels: { team: 'ops' } } });
    const dir = path.join(work, 'edited');
    fs.mkdirSync(dir);
    const manifest = fs.readFileSync(path.join(EXAMPLES, '30-deployment.yaml'), 'utf8');
    const doc = YAML.parse(manifest) as { spec: { replicas: number; template: { spec: { containers: { name: string; env?: { name: string }[]; command?: string[] }[] } } } };
    doc.spec.replicas = 3;
    const nginx = doc.spec.template.spec.containers[0]!;
    nginx.env = nginx.env!.filter((e) => e.name !== 'LOG_LEVEL');
    delete doc.spec.template.spec.containers[1]!.command;
    fs.writeFileSync(path.join(dir, 'deployment.yaml'), YAML.stringify(doc));

    const r = await kctl(['apply', '-f', 'edited/deployment.yaml']);
    expect(r).toEqual({ code: 0, out: 'deployment.apps/web configured\n', err: '' });
    const live = (await cluster.client.get('deployments', 'demo', 'web')) as KObject & typeof doc;
    expect(live.spec.replicas).toBe(3);
    expect(live.metadata.labels).toEqual({ app: 'web', team: 'ops' });
    const [liveNginx, liveMetrics] = live.spec.template.spec.containers;
    expect(liveNginx!.env!.map((e) => e.name)).toEqual(['GREETING']);
    expect(liveMetrics!.command).toBeUndefined();

    expect((await kctl(['apply', '-f', 'edited/deployment.yaml'])).out).toBe('deployment.apps/web unchanged\n');
  });

  test('--dry-run=client and server change nothing', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dry\n  namespace: demo\ndata:\n  a: "1"\n';
    expect((await kctl(['apply', '-f', '-', '--dry-run=client'], { stdin: cm })).out).toBe('configmap/dry created (dry run)\n');
    expect((await kctl(['apply', '-f', '-', '--dry-run=server'], { stdin: cm })).out).toBe('configmap/dry created (server dry run)\n');
    expect((await kctl(['get', 'cm', 'dry', '-n', 'demo'])).code).toBe(1);
  });

  test('malformed YAML reports the file and line and creates nothing', async () => {
    const dir = path.join(work, 'broken');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a-good.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\ndata:\n  a: "1"\n');
    fs.writeFileSync(path.join(dir, 'b-bad.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata:\n  a: "1"\n  b: : c\n');
    const r = await kctl(['apply', '-f', 'broken']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^error: error parsing broken\/b-bad\.yaml: error converting YAML to JSON: yaml: line 7: .+\n$/);
    expect((await kctl(['get', 'cm', 'good', 'bad'])).err).toBe('Error from server (NotFound): configmaps "good" not found\nError from server (NotFound): configmaps "bad" not found\n');
  });

  test('an unknown kind is reported; the other objects are still applied', async () => {
    const text = 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after-foo\n';
    fs.writeFileSync(path.join(work, 'foo.yaml'), text);
    const r = await kctl(['apply', '-f', 'foo.yaml']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('configmap/after-foo created\n');
    expect(r.err).toMatch(/^error: resource mapping not found for name: "x" namespace: "" from "foo\.yaml": no matches for kind "Foo" in version "v1"\n/);
    expect(r.err).toContain('apps/v1/Deployment');
  });

  test('the server refuses unknown and wrongly typed fields; kctl prints its message and exits 1', async () => {
    const deployment = fs.readFileSync(path.join(EXAMPLES, '30-deployment.yaml'), 'utf8');
    fs.writeFileSync(path.join(work, 'typo.yaml'), deployment.replace(/name: web\n/, 'name: typo\n').replace(/replicas: \d+/, 'replica: 3'));
    const r = await kctl(['apply', '-f', 'typo.yaml']);
    expect(r).toEqual({
      code: 1,
      out: '',
      err: 'Error from server (BadRequest): error when creating "typo.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n',
    });
    fs.writeFileSync(path.join(work, 'typed.yaml'), deployment.replace(/name: web\n/, 'name: typed\n').replace(/replicas: \d+/, 'replicas: "3"'));
    const typed = await kctl(['apply', '-f', 'typed.yaml']);
    expect(typed.code).toBe(1);
    expect(typed.err).toContain('json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
    expect((await kctl(['get', 'deploy', 'typo', 'typed', '-n', 'demo'])).code).toBe(1);
  });

  test('a manifest with a __proto__ key is refused before it is sent', async () => {
    fs.writeFileSync(path.join(work, 'proto.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: proto\n  labels:\n    __proto__:\n      polluted: "yes"\n');
    const r = await kctl(['apply', '-f', 'proto.yaml']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: error parsing proto.yaml: the manifest has the field name "__proto__", which is not allowed\n');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a namespace that contradicts -n', async () => {
    const r = await kctl(['apply', '-n', 'default', '-f', 'examples/10-configmap.yaml']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `error: the namespace from the provided object "demo" does not match the namespace "default". You must pass '--namespace=demo' to perform this operation.\n`,
    );
  });
});

describe('create', () => {
  test('AlreadyExists as kubectl words it', async () => {
    const r = await kctl(['create', '-f', 'examples/40-service.yaml']);
    expect(r).toEqual({ code: 1, out: '', err: 'Error from server (AlreadyExists): error when creating "examples/40-service.yaml": services "web" already exists\n' });
  });

  test('create namespace', async () => {
    expect(await kctl(['create', 'namespace', 'scratch'])).toEqual({ code: 0, out: 'namespace/scratch created\n', err: '' });
    expect((await kctl(['create', 'ns', 'scratch'])).err).toBe('Error from server (AlreadyExists): namespaces "scratch" already exists\n');
  });
});

describe('get', () => {
  test('deployment table', async () => {
    const r = await kctl(['get', 'deploy', '-n', 'demo']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    \\d/3     \\d            \\d           ${AGE}\n$`));
  });

  test('service table with two ports', async () => {
    const r = await kctl(['get', 'services', '-n', 'demo']);
    expect(r.out).toMatch(new RegExp(`^NAME   TYPE        CLUSTER-IP\\s+EXTERNAL-IP   PORT\\(S\\)           AGE\nweb    ClusterIP   \\d+\\.\\d+\\.\\d+\\.\\d+\\s+<none>        80/TCP,9100/TCP   ${AGE}\n$`));
  });

  test('-o yaml / json / name / jsonpath', async () => {
    const yaml = await kctl(['get', 'deployment', 'web', '-n', 'demo', '-o', 'yaml']);
    const obj = YAML.parse(yaml.out) as KObject;
    expect(obj).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'demo' } });
    expect(yaml.out.startsWith('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n')).toBe(true);

    const json = await kctl(['get', 'cm', '-n', 'demo', '-o', 'json']);
    const list = JSON.parse(json.out) as { kind: string; apiVersion: string; items: KObject[] };
    expect(list.kind).toBe('List');
    expect(list.apiVersion).toBe('v1');
    expect(list.items.map((i) => i.metadata.name)).toContain('web-config');
    expect(json.out).toMatch(/^\{\n {4}"apiVersion": "v1",\n {4}"items": \[/);

    expect((await kctl(['get', 'deploy,svc', '-n', 'demo', '-o', 'name'])).out).toBe('deployment.apps/web\nservice/web\n');
    expect((await kctl(['get', 'deploy', 'web', '-n', 'demo', '-o', 'jsonpath={.spec.replicas}'])).out).toBe('3');
    const range = await kctl(['get', 'cm,secret', '-n', 'demo', '-o', 'jsonpath={range .items[*]}{.kind}/{.metadata.name}{"\\n"}{end}']);
    expect(range.out).toBe('ConfigMap/web-config\nSecret/web-secret\n');
  });

  test('-l and -A', async () => {
    const r = await kctl(['get', 'cm,svc', '-l', 'app=web', '-A']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE   NAME\s+DATA   AGE$/);
    expect(lines[1]).toMatch(new RegExp(`^demo        configmap/web-config   2      ${AGE}$`));
    expect(lines[2]).toBe('');
    expect(lines[3]).toMatch(/^NAMESPACE   NAME          TYPE        CLUSTER-IP/);
    expect(r.out).not.toContain('after-foo');
  });

  test('TYPE/NAME, several names, and errors after the table', async () => {
    const r = await kctl(['get', 'configmap/web-config', 'secret/web-secret', 'cm/nope', '-n', 'demo']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`^NAME                   DATA   AGE\nconfigmap/web-config   2      ${AGE}\n\nNAME                TYPE     DATA   AGE\nsecret/web-secret   Opaque   2      ${AGE}\n$`));
    expect(r.err).toBe('Error from server (NotFound): configmaps "nope" not found\n');
  });

  test('nothing found', async () => {
    expect(await kctl(['get', 'pods', '-n', 'scratch'])).toEqual({ code: 0, out: '', err: 'No resources found in scratch namespace.\n' });
    expect((await kctl(['get', 'pods', '-A'])).err).toBe('No resources found\n');
  });

  test('NotFound and unknown types', async () => {
    expect(await kctl(['get', 'pod', 'nope'])).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): pods "nope" not found\n' });
    expect(await kctl(['get', 'pod', 'nope', '-o', 'yaml'])).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): pods "nope" not found\n' });
    expect(await kctl(['get', 'foo'])).toEqual({ code: 1, out: '', err: 'error: the server doesn\'t have a resource type "foo"\n' });
  });

  test('--watch prints changes until interrupted', async () => {
    const abort = new AbortController();
    const c = captureIO({ env: { HOME: home }, cwd: work, signal: abort.signal });
    const done = run(['-s', cluster.address, 'get', 'cm', '-n', 'scratch', '--watch'], c.io);
    await new Promise((r) => setTimeout(r, 300));
    await cluster.client.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w1', namespace: 'scratch' }, data: { a: '1' } });
    for (let i = 0; i < 100 && !c.stdout().includes('w1'); i++) await new Promise((r) => setTimeout(r, 50));
    abort.abort();
    expect(await done).toBe(0);
    expect(c.stdout()).toMatch(new RegExp(`^NAME   DATA   AGE\nw1     1      ${AGE}\n$`));
  });
});

describe('describe', () => {
  test('a deployment, with its events', async () => {
    const dep = await cluster.client.get('deployments', 'demo', 'web');
    const now = new Date().toISOString();
    await cluster.client.create('events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web.scaled', namespace: 'demo' },
      involvedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'demo', uid: dep.metadata.uid },
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set web-abc to 3',
      type: 'Normal',
      source: { component: 'deployment-controller' },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    });
    const r = await kctl(['describe', 'deployment', 'web', '-n', 'demo']);
    expect(r.code).toBe(0);
    const out = r.out;
    expect(out).toMatch(/^Name:\s+web\nNamespace:\s+demo\nCreationTimestamp:\s+\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}\nLabels:\s+app=web\n\s+team=ops\nAnnotations:\s+<none>\n/);
    expect(out).toMatch(/^Replicas:\s+3 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable$/m);
    expect(out).toMatch(/^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
    expect(out).toMatch(/^ {3}nginx:\n {4}Image:\s+nginx:1\.25\n {4}Port:\s+8080\/TCP \(http\)\n/m);
    expect(out).toMatch(/^ {6}GREETING:\s+<set to the key 'GREETING' of config map 'web-config'>\s+Optional: false$/m);
    expect(out).not.toContain('last-applied-configuration');
    expect(out).toMatch(/Events:\n {2}Type\s+Reason\s+Age\s+From\s+Message\n {2}----\s+------\s+----\s+----\s+-------\n {2}Normal\s+ScalingReplicaSet\s+\d+s\s+deployment-controller\s+Scaled up replica set web-abc to 3\n$/);
  });

  test('service, configmap and secret sections', async () => {
    const svc = await kctl(['describe', 'svc/web', '-n', 'demo']);
    expect(svc.out).toMatch(/^Port:\s+http\s+80\/TCP\nTargetPort:\s+http\/TCP\nEndpoints:\s+<none>\nPort:\s+metrics\s+9100\/TCP\n/m);
    expect(svc.out).toMatch(/Events:\s+<none>\n$/);
    const cm = await kctl(['describe', 'cm', 'web-config', '-n', 'demo']);
    expect(cm.out).toContain('\nData\n====\nGREETING:\n----\nhello\n\n');
    const secret = await kctl(['describe', 'secret', 'web-secret', '-n', 'demo']);
    expect(secret.out).toMatch(/\nData\n====\npassword:\s+15 bytes\nusername:\s+5 bytes\n$/);
  });

  test('a name prefix, and NotFound', async () => {
    expect((await kctl(['describe', 'cm', 'web-', '-n', 'demo'])).out).toMatch(/^Name:\s+web-config\n/);
    expect(await kctl(['describe', 'deploy', 'nope', '-n', 'demo'])).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
  });
});

describe('pods', () => {
  test('READY, STATUS and RESTARTS come from status; wide adds IP and NODE', async () => {
    const created = await cluster.client.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p1', namespace: 'scratch', labels: { app: 'p' } },
      spec: { nodeName: 'node-1', containers: [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'busybox' }] },
    });
    const started = new Date().toISOString();
    await cluster.client.updateStatus('pods', {
      ...created,
      status: {
        phase: 'Running',
        podIP: '10.244.1.7',
        hostIP: '10.0.0.1',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 0, image: 'busybox', imageID: '', state: { running: { startedAt: started } } },
          { name: 'b', ready: false, restartCount: 3, image: 'busybox', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      },
    });
    const r = await kctl(['get', 'pods', '-n', 'scratch', '-o', 'wide']);
    expect(r.out).toMatch(
      new RegExp(`^NAME   READY   STATUS             RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES\np1     1/2     CrashLoopBackOff   3          ${AGE}\\s+10\\.244\\.1\\.7   node-1   <none>           <none>\n$`),
    );
    const d = await kctl(['describe', 'pod', 'p1', '-n', 'scratch']);
    expect(d.out).toMatch(/^Node:\s+node-1\/10\.0\.0\.1$/m);
    expect(d.out).toMatch(/^ {2}b:\n(?: {4}.*\n)*? {4}State:\s+Waiting\n {6}Reason:\s+CrashLoopBackOff\n {4}Ready:\s+False\n {4}Restart Count:\s+3\n/m);
    expect(d.out).toMatch(/^Conditions:\n {2}Type\s+Status\n {2}Ready\s+False \n/m);
    expect((await kctl(['delete', 'pod', 'p1', '-n', 'scratch', '--grace-period=0', '--force', '--timeout=10s'])).out).toBe('pod "p1" force deleted\n');
  });

  test('events table', async () => {
    const r = await kctl(['get', 'events', '-n', 'demo']);
    expect(r.out).toMatch(new RegExp(`^LAST SEEN   TYPE     REASON              OBJECT           MESSAGE\n${AGE}\\s+Normal   ScalingReplicaSet   deployment/web   Scaled up replica set web-abc to 3\n$`));
  });
});

describe('delete', () => {
  test('by file, then get says NotFound', async () => {
    const r = await kctl(['delete', '-f', 'examples/30-deployment.yaml']);
    expect(r).toEqual({ code: 0, out: 'deployment.apps "web" deleted\n', err: '' });
    expect(await kctl(['get', 'deploy', 'web', '-n', 'demo'])).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): deployments.apps "web" not found\n' });
    expect((await kctl(['delete', 'deploy', 'web', '-n', 'demo'])).err).toBe('Error from server (NotFound): deployments.apps "web" not found\n');
    expect(await kctl(['delete', 'deploy', 'web', '-n', 'demo', '--ignore-not-found'])).toEqual({ code: 0, out: '', err: '' });
  });

  test('by TYPE/NAME, by selector, and --all', async () => {
    expect((await kctl(['delete', 'secret/web-secret', '-n', 'demo'])).out).toBe('secret "web-secret" deleted\n');
    expect((await kctl(['delete', 'cm', '-l', 'app=web', '-n', 'demo'])).out).toBe('configmap "web-config" deleted\n');
    expect((await kctl(['delete', 'cm', '-l', 'app=web', '-n', 'demo'])).out).toBe('No resources found\n');
    expect((await kctl(['delete', 'cm', '--all', '-n', 'scratch', '--wait=false'])).out).toBe('configmap "w1" deleted\n');
    expect((await kctl(['delete', 'cm'])).err).toBe('error: resource(s) were provided, but no name was specified\n');
  });
});

describe('discovery and connectivity', () => {
  test('api-resources', async () => {
    const r = await kctl(['api-resources']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/);
    expect(r.out).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(r.out).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(lines.findIndex((l) => l.startsWith('pods'))).toBeLessThan(lines.findIndex((l) => l.startsWith('deployments')));
  });

  test('version', async () => {
    const r = await kctl(['version']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Client Version: v\d+\.\d+\.\d+\nServer Version: \S+\n$/);
  });

  test('an unreachable server fails fast with kubectl\'s message', async () => {
    const port = await freePort();
    const started = Date.now();
    const r = await kctl(['get', 'pods'], { server: `127.0.0.1:${port}` });
    expect(r).toEqual({ code: 1, out: '', err: `The connection to the server 127.0.0.1:${port} was refused - did you specify the right host or port?\n` });
    expect(Date.now() - started).toBeLessThan(5000);
    const v = await kctl(['version'], { server: `127.0.0.1:${port}` });
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/^Client Version: /);
  });

  test('a server that accepts connections but never answers gives up in time', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      const r = await kctl(['--request-timeout=1s', 'get', 'pods'], { server: `127.0.0.1:${port}` });
      expect(r).toEqual({ code: 1, out: '', err: `Unable to connect to the server: dial tcp 127.0.0.1:${port}: i/o timeout\n` });
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  test('the server comes from the config file', async () => {
    expect((await kctl(['config', 'set-cluster', 'it', `--server=http://${cluster.address}`], { server: null })).code).toBe(0);
    expect((await kctl(['config', 'set-context', 'it', '--cluster=it', '--namespace=demo'], { server: null })).code).toBe(0);
    expect((await kctl(['config', 'use-context', 'it'], { server: null })).code).toBe(0);
    const r = await kctl(['get', 'svc'], { server: null });
    expect(r.out).toMatch(/^NAME   TYPE/);
  });
});
