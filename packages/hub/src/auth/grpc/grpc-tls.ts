// Transport security of the auth-service's gRPC channel (T5): mutual TLS from KATAVEN_GRPC_TLS_CA/_CERT/_KEY, or
// plaintext on loopback only. The PEM files are read and checked once, at start; a bad one stops the start with
// a message naming its variable, in the format of every other configuration error.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError, configError, PLAINTEXT_RULE, type Config } from '../../config.js';
import { grpcTargetHost, isLoopbackHost } from '../../loopback.js';

/** PEM bytes: the CA that signs both sides, and this process's own certificate (chain) and private key. */
export interface GrpcTls {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

/** Reads and checks the three files; throws a ConfigError naming every variable whose file is unusable. */
export function readGrpcTls(files: NonNullable<Config['grpcTls']>, now: Date = new Date()): GrpcTls {
  const issues: { variable: string; message: string }[] = [];
  const read = (variable: string, file: string): Buffer | undefined => {
    try {
      return readFileSync(file);
    } catch (err) {
      issues.push({ variable, message: `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}` });
      return undefined;
    }
  };
  const certificate = (variable: string, file: string, pem: Buffer | undefined): X509Certificate | undefined => {
    if (pem === undefined) return undefined;
    try {
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate');
      return new X509Certificate(pem);
    } catch {
      issues.push({ variable, message: `${file} does not hold a PEM certificate` });
      return undefined;
    }
  };

  const ca = read('KATAVEN_GRPC_TLS_CA', files.ca);
  const cert = read('KATAVEN_GRPC_TLS_CERT', files.cert);
  const key = read('KATAVEN_GRPC_TLS_KEY', files.key);
  certificate('KATAVEN_GRPC_TLS_CA', files.ca, ca);
  const own = certificate('KATAVEN_GRPC_TLS_CERT', files.cert, cert);
  let privateKey: KeyObject | undefined;
  if (key !== undefined) {
    try {
      privateKey = createPrivateKey({ key, format: 'pem' });
    } catch {
      issues.push({ variable: 'KATAVEN_GRPC_TLS_KEY', message: `${files.key} does not hold an unencrypted PEM private key` });
    }
  }
  if (own !== undefined) {
    if (new Date(own.validTo) < now) {
      issues.push({ variable: 'KATAVEN_GRPC_TLS_CERT', message: `the certificate in ${files.cert} expired on ${own.validTo}` });
    }
    if (privateKey !== undefined && !own.checkPrivateKey(privateKey)) {
      issues.push({
        variable: 'KATAVEN_GRPC_TLS_KEY',
        message: `${files.key} is not the private key of the certificate in ${files.cert}`,
      });
    }
  }
  if (issues.length > 0 || ca === undefined || cert === undefined || key === undefined) throw configError(issues);
  return { ca, cert, key };
}

/** The service side: refuses to listen on anything but loopback without TLS. */
export function checkServeTransport(host: string, tls: GrpcTls | undefined): void {
  if (tls === undefined && !isLoopbackHost(host)) {
    throw new ConfigError(`refusing to serve the auth-service on ${host || '(empty host)'} without TLS: ${PLAINTEXT_RULE}; or use --host 127.0.0.1`);
  }
}

/** The hub side: refuses to reach a target that is not loopback without TLS. */
export function checkClientTransport(target: string, tls: GrpcTls | undefined): void {
  const host = grpcTargetHost(target);
  if (tls === undefined && (host === undefined || !isLoopbackHost(host))) {
    throw new ConfigError(`refusing to reach the auth-service at ${target} without TLS: ${PLAINTEXT_RULE}`);
  }
}
