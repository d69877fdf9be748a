// T5's gRPC channel is safe by construction: mutual TLS when KATAVEN_GRPC_TLS_CA/_CERT/_KEY are set (the service
// answers only clients whose certificate its CA signed; the hub accepts only a server its CA signed and whose
// certificate names the host it dialled), and plaintext only on loopback. Real processes, real TLS handshakes:
// a throwaway CA, certificates and a second, unrelated CA are made with the openssl CLI for this file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { GrpcAuthServiceClient, serveAuthService, type RunningAuthService } from '../src/auth/grpc/auth-service-grpc.js';
import type { ProtoGrpcType } from '../src/auth/grpc/generated/auth.js';
import type { VerifyResponse__Output } from '../src/auth/grpc/generated/kataven/auth/v1/VerifyResponse.js';
import { readGrpcTls, type GrpcTls } from '../src/auth/grpc/grpc-tls.js';
import type { VerifyRequest } from '../src/auth/auth-service.js';
import { generateKey } from '../src/auth/token-format.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { HubError } from '../src/errors.js';
import { startHub } from '../src/hub.js';
import { grpcTargetHost, isLoopbackHost } from '../src/loopback.js';
import { cliEnv, freePort, runCli, startCli, stopAllCliProcesses, type CliResult } from './support/cli-process.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

const OPENSSL = '/usr/bin/openssl';
const PROTO_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../proto/auth.proto');
/** Nothing listens on port 1: a configuration that got past its checks would fail differently, on the database. */
const UNREACHABLE_DB = 'postgres://postgres@127.0.0.1:1/kataven';
const TLS_VARIABLES = /KATAVEN_GRPC_TLS_CA, KATAVEN_GRPC_TLS_CERT and KATAVEN_GRPC_TLS_KEY/;
const STACK_TRACE = /^\s+at .+\(?.+:\d+:\d+\)?$/m;

let dir: string;
/** PEM file paths by name: ca, server, hub, wrongName (signed by ca), rogueCa, rogueClient (signed by rogueCa). */
const pem = (name: string) => ({ crt: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) });

function openssl(args: string[]): void {
  execFileSync(OPENSSL, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

function makeCa(name: string): void {
  openssl([
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.crt`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

function makeCert(name: string, ca: string, extensions: string): void {
  openssl([
    'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.csr`,
  ]);
  writeFileSync(path.join(dir, `${name}.ext`), extensions);
  openssl([
    'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial',
    '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`,
  ]);
}

/** The PEM bytes of a side: the CA it trusts and its own certificate and key. */
function tlsOf(trusts: string, own: string): GrpcTls {
  return { ca: readFileSync(pem(trusts).crt), cert: readFileSync(pem(own).crt), key: readFileSync(pem(own).key) };
}

function tlsEnv(own: string): Record<string, string> {
  return { KATAVEN_GRPC_TLS_CA: pem('ca').crt, KATAVEN_GRPC_TLS_CERT: pem(own).crt, KATAVEN_GRPC_TLS_KEY: pem(own).key };
}

/** One Verify call with @grpc/grpc-js itself, so that the gRPC status of a refusal is seen as it is. */
async function rawVerify(
  target: string,
  credentials: grpc.ChannelCredentials,
  token: string,
): Promise<{ error: grpc.ServiceError | null; response: VerifyResponse__Output | undefined }> {
  const definition = protoLoader.loadSync(PROTO_PATH, { keepCase: true, longs: String, enums: String, oneofs: true });
  const proto = grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType;
  const client = new proto.kataven.auth.v1.AuthService(target, credentials);
  try {
    return await new Promise((resolve) =>
      client.Verify({ token, surface: 'api' }, { deadline: Date.now() + 5000 }, (error, response) =>
        resolve({ error, response }),
      ),
    );
  } finally {
    client.close();
  }
}

function request(token: string): VerifyRequest {
  return { token, accountHeader: undefined, surface: 'api' };
}

function describeResult(r: CliResult): string {
  return `exit ${r.code ?? r.signal}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

function errorCode(response: { body: string }): string {
  return response.body.split(':')[0]!;
}

before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kataven-tls-'));
  makeCa('ca');
  makeCert('server', 'ca', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  makeCert('hub', 'ca', 'extendedKeyUsage=clientAuth\n');
  makeCert('wrongName', 'ca', 'subjectAltName=DNS:elsewhere.example\nextendedKeyUsage=serverAuth\n');
  makeCa('rogueCa');
  makeCert('rogueClient', 'rogueCa', 'extendedKeyUsage=clientAuth\n');
});

after(async () => {
  await stopAllCliProcesses();
  rmSync(dir, { recursive: true, force: true });
});

describe('a hub and its auth-service over mutual TLS', () => {
  let t: TestHub;
  let target: string;
  let account: string;
  let liveKey: string;

  before(async () => {
    // The hub presents hub.crt; its auth-service (same databases, pepper and home) presents server.crt.
    t = await startTestHub(tlsEnv('hub'), { grpcAuthService: tlsEnv('server') });
    target = t.env.KATAVEN_AUTH_SERVICE_URL!;
    assert.match(target, /^127\.0\.0\.1:[0-9]+$/);
    account = await t.createAccount();
    liveKey = (await t.mintKey(account, { name: 'live' })).key;
  });
  after(async () => {
    await t?.close();
  });

  test('a live sk_live_ key is verified end to end (200); a revoked key is 403 key_revoked, an unknown one 401 invalid_token', async () => {
    const ok = await t.request({ url: '/v1/agents', token: liveKey });
    assert.equal(ok.statusCode, 200, ok.body);

    const { key, id } = await t.mintKey(account, { name: 'to-revoke' });
    assert.equal((await t.request({ url: '/v1/agents', token: key })).statusCode, 200);
    const jwt = await t.devToken(); // a dev-login JWT, verified by the auth-service too
    const revoke = await t.request({ method: 'PATCH', url: `/v1/api-keys/${id}`, token: jwt, account, body: { disabled: true } });
    assert.equal(revoke.statusCode, 204, revoke.body);
    const revoked = await t.request({ url: '/v1/agents', token: key });
    assert.equal(revoked.statusCode, 403, revoked.body);
    assert.equal(errorCode(revoked), 'key_revoked');

    const unknown = await t.request({ url: '/v1/agents', token: generateKey('sk_live_', account) });
    assert.equal(unknown.statusCode, 401, unknown.body);
    assert.equal(errorCode(unknown), 'invalid_token');
  });

  test('a client with a certificate of the CA gets verdicts (the control for the refusals below)', async () => {
    const good = await rawVerify(target, grpc.credentials.createSsl(...pemArgs('ca', 'hub')), liveKey);
    assert.equal(good.error, null);
    assert.equal(good.response?.result, 'claims');
    assert.equal(good.response?.claims?.account, account);

    const client = new GrpcAuthServiceClient(target, tlsOf('ca', 'hub'));
    try {
      const verdict = await client.verify(request(liveKey));
      assert.ok(verdict.ok && verdict.claims.account === account, JSON.stringify(verdict));
    } finally {
      await client.close();
    }
  });

  test('a client without a certificate gets no verdict: UNAVAILABLE', async () => {
    const { error, response } = await rawVerify(target, grpc.credentials.createSsl(readFileSync(pem('ca').crt)), liveKey);
    assert.equal(response, undefined, 'no verdict');
    assert.equal(error?.code, grpc.status.UNAVAILABLE, error?.message);
  });

  test('a client whose certificate another CA signed gets no verdict: UNAVAILABLE, and the hub client says service_unavailable', async () => {
    // It trusts the right CA (so it would accept the server); only its own certificate is foreign.
    const { error, response } = await rawVerify(target, grpc.credentials.createSsl(...pemArgs('ca', 'rogueClient')), liveKey);
    assert.equal(response, undefined, 'no verdict');
    assert.equal(error?.code, grpc.status.UNAVAILABLE, error?.message);

    const client = new GrpcAuthServiceClient(target, tlsOf('ca', 'rogueClient'));
    try {
      await assert.rejects(client.verify(request(liveKey)), (err: unknown) => {
        assert.ok(err instanceof HubError);
        assert.equal(err.code, 'service_unavailable');
        return true;
      });
    } finally {
      await client.close();
    }
  });

  test('a plaintext client gets no verdict', async () => {
    const { error, response } = await rawVerify(target, grpc.credentials.createInsecure(), liveKey);
    assert.equal(response, undefined, 'no verdict');
    assert.equal(error?.code, grpc.status.UNAVAILABLE, error?.message);

    const client = new GrpcAuthServiceClient(target); // loopback: allowed to try, and it fails closed
    try {
      await assert.rejects(client.verify(request(liveKey)), { code: 'service_unavailable' });
    } finally {
      await client.close();
    }
  });

  test('the hub refuses a server its CA did not sign (no forged verdicts)', async () => {
    // A real client certificate, but the hub trusts only the rogue CA: the genuine server is a stranger to it.
    const { error, response } = await rawVerify(target, grpc.credentials.createSsl(...pemArgs('rogueCa', 'hub')), liveKey);
    assert.equal(response, undefined, 'no verdict');
    assert.equal(error?.code, grpc.status.UNAVAILABLE, error?.message);
  });

  test('the hub refuses a server certificate that does not name the host it dialled', async () => {
    let wrong: RunningAuthService | undefined;
    let client: GrpcAuthServiceClient | undefined;
    try {
      // Signed by the right CA, but its subjectAltName is elsewhere.example, not 127.0.0.1.
      wrong = await serveAuthService(t.hub.verifier, '127.0.0.1', 0, tlsOf('ca', 'wrongName'));
      const wrongTarget = `127.0.0.1:${wrong.port}`;
      const { error, response } = await rawVerify(wrongTarget, grpc.credentials.createSsl(...pemArgs('ca', 'hub')), liveKey);
      assert.equal(response, undefined, 'no verdict');
      assert.equal(error?.code, grpc.status.UNAVAILABLE, error?.message);
      assert.match(error?.details ?? '', /altnames|does not match/i, error?.details);

      client = new GrpcAuthServiceClient(wrongTarget, tlsOf('ca', 'hub'));
      await assert.rejects(client.verify(request(liveKey)), { code: 'service_unavailable' });
    } finally {
      await client?.close();
      await wrong?.close();
    }
  });

  test('`kataven auth-service --host 0.0.0.0` with TLS serves, and only mutual TLS', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const shared = { ...t.env };
    delete shared.KATAVEN_AUTH_SERVICE_URL;
    const service = startCli(['auth-service', '--host', '0.0.0.0', '--port', String(port)], {
      env: cliEnv({ ...shared, ...tlsEnv('server') }),
      cwd: t.home,
    });
    await service.waitForStdout(/listening on/, 30_000);
    assert.match(service.stdout, new RegExp(`Kataven auth-service \\(gRPC, mutual TLS\\) listening on 0\\.0\\.0\\.0:${port}`));

    const client = new GrpcAuthServiceClient(`127.0.0.1:${port}`, tlsOf('ca', 'hub'));
    try {
      const verdict = await client.verify(request(liveKey));
      assert.ok(verdict.ok && verdict.claims.account === account, JSON.stringify(verdict));
    } finally {
      await client.close();
    }
    const plain = await rawVerify(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), liveKey);
    assert.equal(plain.response, undefined, 'no verdict');
    assert.equal(plain.error?.code, grpc.status.UNAVAILABLE, plain.error?.message);

    const stopped = await service.stop();
    assert.equal(stopped.code, 0, service.describe());
  });
});

/** createSsl's arguments for a side that trusts `trusts` and presents `own`. */
function pemArgs(trusts: string, own: string): [Buffer, Buffer, Buffer] {
  const tls = tlsOf(trusts, own);
  return [tls.ca, tls.key, tls.cert];
}

describe('plaintext only on loopback', () => {
  let home: string;
  before(() => {
    home = path.join(dir, 'home');
  });

  test('loopback hosts and targets', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST']) {
      assert.equal(isLoopbackHost(host), true, host);
    }
    for (const host of ['0.0.0.0', '::', '', '10.1.2.3', '128.0.0.1', '::ffff:10.1.2.3', 'localhost.evil.example', '127.0.0.1.nip.io', 'example.com']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
    const targets: [string, string | undefined][] = [
      ['127.0.0.1:50051', '127.0.0.1'],
      ['localhost:50051', 'localhost'],
      ['[::1]:50051', '::1'],
      ['::1', '::1'],
      ['dns:///localhost:50051', 'localhost'],
      ['dns://8.8.8.8/auth.internal:50051', 'auth.internal'],
      ['10.1.2.3:50051', '10.1.2.3'],
      ['ipv4:127.0.0.1:50051', undefined],
      ['unix:/tmp/auth.sock', undefined],
    ];
    for (const [target, host] of targets) assert.equal(grpcTargetHost(target), host, target);
  });

  test('`kataven auth-service --host 0.0.0.0` (and --host ::) without TLS exits 1 with the message, before touching a database', async () => {
    for (const host of ['0.0.0.0', '::']) {
      const r = await runCli(['auth-service', '--host', host], {
        cwd: dir,
        env: cliEnv({ DATABASE_URL: UNREACHABLE_DB, KATAVEN_ENV: 'development', KATAVEN_HOME: home }),
        timeoutMs: 20_000,
      });
      assert.equal(r.code, 1, describeResult(r));
      assert.ok(r.stderr.includes(`refusing to serve the auth-service on ${host} without TLS`), describeResult(r));
      assert.match(r.stderr, TLS_VARIABLES);
      assert.match(r.stderr, /loopback \(127\.0\.0\.0\/8, ::1, localhost\)/);
      assert.doesNotMatch(r.stderr, STACK_TRACE, describeResult(r));
      assert.doesNotMatch(r.stderr, /ECONNREFUSED/, 'refused before connecting to the database');
      assert.doesNotMatch(r.stdout, /listening on/);
    }
  });

  test('KATAVEN_AUTH_SERVICE_URL=10.1.2.3:50051 without TLS: loadConfig and startHub refuse before connecting', async () => {
    const env = { DATABASE_URL: UNREACHABLE_DB, KATAVEN_ENV: 'development', KATAVEN_HOME: home, KATAVEN_AUTH_SERVICE_URL: '10.1.2.3:50051' };
    assert.throws(() => loadConfig(env, dir), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /^invalid configuration:\n {2}KATAVEN_AUTH_SERVICE_URL: names 10\.1\.2\.3, not a loopback address: /);
      assert.match(err.message, TLS_VARIABLES);
      return true;
    });
    for (const url of ['evil.example:50051', 'ipv4:10.1.2.3:50051', 'localhost.evil.example:50051']) {
      assert.throws(() => loadConfig({ ...env, KATAVEN_AUTH_SERVICE_URL: url }, dir), /KATAVEN_AUTH_SERVICE_URL: /, url);
    }
    // Loopback without TLS keeps working as before.
    for (const url of ['127.0.0.1:50051', 'localhost:50051', '[::1]:50051', 'dns:///127.0.0.2:50051']) {
      assert.equal(loadConfig({ ...env, KATAVEN_AUTH_SERVICE_URL: url }, dir).authServiceUrl, url);
    }

    // A Config made by hand gets no further: startHub refuses at once, not with a database or network error.
    const config = { ...loadConfig({ ...env, KATAVEN_AUTH_SERVICE_URL: '' }, dir), authServiceUrl: '10.1.2.3:50051' };
    await assert.rejects(startHub(config), (err: unknown) => {
      assert.ok(err instanceof ConfigError, String(err));
      assert.match(err.message, /^refusing to reach the auth-service at 10\.1\.2\.3:50051 without TLS: /);
      assert.match(err.message, TLS_VARIABLES);
      return true;
    });
    assert.throws(() => new GrpcAuthServiceClient('10.1.2.3:50051'), ConfigError);
    await assert.rejects(serveAuthService({ verify: () => Promise.reject(new Error('unused')) }, '0.0.0.0', 0), ConfigError);

    const r = await runCli(['serve'], { cwd: dir, env: cliEnv(env), timeoutMs: 20_000 });
    assert.equal(r.code, 1, describeResult(r));
    assert.match(r.stderr, /KATAVEN_AUTH_SERVICE_URL: names 10\.1\.2\.3, not a loopback address/);
    assert.doesNotMatch(r.stderr, STACK_TRACE, describeResult(r));
  });

  test('a partial TLS configuration is a configuration error naming the missing variables', async () => {
    assert.throws(() => loadConfig({ KATAVEN_GRPC_TLS_CERT: pem('server').crt }, dir), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /^invalid configuration:\n/);
      assert.match(err.message, /^ {2}KATAVEN_GRPC_TLS_CA: is required when KATAVEN_GRPC_TLS_CERT is set/m);
      assert.match(err.message, /^ {2}KATAVEN_GRPC_TLS_KEY: is required when KATAVEN_GRPC_TLS_CERT is set/m);
      assert.doesNotMatch(err.message, /^ {2}KATAVEN_GRPC_TLS_CERT:/m);
      return true;
    });
    const config = loadConfig(tlsEnv('server'), dir);
    assert.deepEqual(config.grpcTls, { ca: pem('ca').crt, cert: pem('server').crt, key: pem('server').key });

    const r = await runCli(['auth-service'], {
      cwd: dir,
      env: cliEnv({ DATABASE_URL: UNREACHABLE_DB, KATAVEN_ENV: 'development', KATAVEN_HOME: home, KATAVEN_GRPC_TLS_CERT: pem('server').crt, KATAVEN_GRPC_TLS_KEY: pem('server').key }),
      timeoutMs: 20_000,
    });
    assert.equal(r.code, 1, describeResult(r));
    assert.match(r.stderr, /KATAVEN_GRPC_TLS_CA: is required when KATAVEN_GRPC_TLS_CERT and KATAVEN_GRPC_TLS_KEY are set/);
    assert.doesNotMatch(r.stderr, STACK_TRACE, describeResult(r));
  });

  test('an unreadable or unusable TLS file stops the start with a message naming its variable', async () => {
    const missing = path.join(dir, 'no-such-ca.crt');
    const r = await runCli(['auth-service'], {
      cwd: dir,
      env: cliEnv({ DATABASE_URL: UNREACHABLE_DB, KATAVEN_ENV: 'development', KATAVEN_HOME: home, ...tlsEnv('server'), KATAVEN_GRPC_TLS_CA: missing }),
      timeoutMs: 20_000,
    });
    assert.equal(r.code, 1, describeResult(r));
    assert.ok(r.stderr.includes(`KATAVEN_GRPC_TLS_CA: cannot read ${missing}: ENOENT`), describeResult(r));
    assert.doesNotMatch(r.stderr, STACK_TRACE, describeResult(r));
    assert.doesNotMatch(r.stdout, /listening on/);

    const files = { ca: pem('ca').crt, cert: pem('server').crt, key: pem('server').key };
    assert.deepEqual(readGrpcTls(files), tlsOf('ca', 'server'));
    const notPem = path.join(dir, 'not-pem.txt');
    writeFileSync(notPem, 'hello\n');
    assert.throws(() => readGrpcTls({ ...files, ca: notPem }), /KATAVEN_GRPC_TLS_CA: .*not-pem\.txt does not hold a PEM certificate/);
    assert.throws(() => readGrpcTls({ ...files, cert: notPem }), /KATAVEN_GRPC_TLS_CERT: .*does not hold a PEM certificate/);
    assert.throws(() => readGrpcTls({ ...files, key: notPem }), /KATAVEN_GRPC_TLS_KEY: .*does not hold an unencrypted PEM private key/);
    assert.throws(
      () => readGrpcTls({ ...files, key: pem('hub').key }),
      /KATAVEN_GRPC_TLS_KEY: .*hub\.key is not the private key of the certificate in .*server\.crt/,
    );
    assert.throws(
      () => readGrpcTls(files, new Date(Date.now() + 10 * 86_400_000)),
      /KATAVEN_GRPC_TLS_CERT: the certificate in .*server\.crt expired on /,
    );
  });
});
