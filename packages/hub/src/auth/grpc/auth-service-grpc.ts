// T5 over gRPC: `kataven auth-service` serves proto/auth.proto's AuthService.Verify; hubs with
// KATAVEN_AUTH_SERVICE_URL call it through GrpcAuthServiceClient. Types are generated from the .proto
// (scripts/generate-proto-types.sh) and the wire codec is @grpc/proto-loader's. The channel is mutual TLS when
// KATAVEN_GRPC_TLS_* are set (grpc-tls.ts), and plaintext only on loopback otherwise.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { errorCatalogue, HubError, type ErrorCode } from '../../errors.js';
import type { AuthService, VerifyRequest } from '../auth-service.js';
import type { Actor, Claims, KeyLimits, Verdict } from '../claims.js';
import type { ProtoGrpcType } from './generated/auth.js';
import { checkClientTransport, checkServeTransport, type GrpcTls } from './grpc-tls.js';
import type { AuthServiceHandlers } from './generated/kataven/auth/v1/AuthService.js';
import type { Claims__Output } from './generated/kataven/auth/v1/Claims.js';
import type { KeyLimits__Output } from './generated/kataven/auth/v1/KeyLimits.js';
import type { VerifyRequest__Output } from './generated/kataven/auth/v1/VerifyRequest.js';
import type { VerifyResponse, VerifyResponse__Output } from './generated/kataven/auth/v1/VerifyResponse.js';

const PROTO_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../proto/auth.proto');
/** A verification is a couple of indexed lookups; past this the service is treated as unavailable. */
const DEADLINE_MS = 2000;

function loadProto(): ProtoGrpcType {
  const definition = protoLoader.loadSync(PROTO_PATH, { keepCase: true, longs: String, enums: String, oneofs: true });
  return grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType;
}

const ACTORS: readonly Actor[] = ['api_key', 'user', 'visitor'];

function claimsFromWire(wire: Claims__Output): Claims | undefined {
  const actor = ACTORS.find((a) => a === wire.actor);
  if (!actor || !wire.account) return undefined;
  return {
    account: wire.account,
    actor,
    roles: [...(wire.roles ?? [])],
    ...(wire.key_id !== undefined ? { key_id: wire.key_id } : {}),
    ...(wire.key_name !== undefined ? { key_name: wire.key_name } : {}),
    ...(wire.sub !== undefined ? { sub: wire.sub } : {}),
    ...(wire.expires_at !== undefined ? { expires_at: wire.expires_at } : {}),
    ...(wire.key_limits ? { key_limits: keyLimitsFromWire(wire.key_limits) } : {}),
  };
}

function keyLimitsFromWire(wire: KeyLimits__Output): KeyLimits {
  const limits: KeyLimits = {};
  if (wire.per_minute !== undefined) limits.per_minute = wire.per_minute;
  if (wire.per_hour !== undefined) limits.per_hour = wire.per_hour;
  if (wire.per_day !== undefined) limits.per_day = wire.per_day;
  if (wire.concurrent !== undefined) limits.concurrent = wire.concurrent;
  return limits;
}

function verdictToWire(verdict: Verdict): VerifyResponse {
  return verdict.ok ? { claims: verdict.claims } : { error_code: verdict.code };
}

function verdictFromWire(wire: VerifyResponse__Output): Verdict {
  if (wire.result === 'claims' && wire.claims) {
    const claims = claimsFromWire(wire.claims);
    if (claims) return { ok: true, claims };
  }
  if (wire.result === 'error_code' && wire.error_code !== undefined && wire.error_code in errorCatalogue) {
    return { ok: false, code: wire.error_code as ErrorCode };
  }
  // A reply this hub cannot read is never taken as a success.
  return { ok: false, code: 'service_unavailable' };
}

function requestFromWire(wire: VerifyRequest__Output): VerifyRequest {
  return {
    token: wire.token ?? '',
    accountHeader: wire.account_header,
    surface: wire.surface === 'api' || wire.surface === 'operator' ? wire.surface : 'hub',
  };
}

export interface RunningAuthService {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `service` over gRPC on host:port (port 0 picks a free one). With `tls`, only clients presenting a
 * certificate signed by its CA get an answer; without it, only a loopback host is accepted.
 */
export async function serveAuthService(
  service: AuthService,
  host: string,
  port: number,
  tls?: GrpcTls,
): Promise<RunningAuthService> {
  checkServeTransport(host, tls);
  const credentials = tls
    ? grpc.ServerCredentials.createSsl(tls.ca, [{ cert_chain: tls.cert, private_key: tls.key }], true)
    : grpc.ServerCredentials.createInsecure();
  const proto = loadProto();
  const server = new grpc.Server();
  const handlers: AuthServiceHandlers = {
    Verify(call, callback) {
      service.verify(requestFromWire(call.request)).then(
        (verdict) => callback(null, verdictToWire(verdict)),
        // The verifier's backing stores failed: say so as a status, never as a verdict.
        (err: unknown) =>
          callback({
            code: grpc.status.UNAVAILABLE,
            details: err instanceof Error ? err.message : 'verification failed',
          }),
      );
    },
  };
  server.addService(proto.kataven.auth.v1.AuthService.service, handlers);
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${port}`, credentials, (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    port: bound,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

/**
 * The hub's side: AuthService calls over gRPC to `target` (host:port). With `tls` it presents its certificate
 * and accepts only a server whose certificate is signed by the CA and names the target's host (no override);
 * without it, only a loopback target is accepted.
 */
export class GrpcAuthServiceClient implements AuthService {
  private readonly client;

  constructor(target: string, tls?: GrpcTls) {
    checkClientTransport(target, tls);
    const credentials = tls ? grpc.credentials.createSsl(tls.ca, tls.key, tls.cert) : grpc.credentials.createInsecure();
    const proto = loadProto();
    this.client = new proto.kataven.auth.v1.AuthService(target, credentials);
  }

  verify(request: VerifyRequest): Promise<Verdict> {
    return new Promise((resolve, reject) => {
      this.client.Verify(
        {
          token: request.token,
          surface: request.surface,
          ...(request.accountHeader !== undefined ? { account_header: request.accountHeader } : {}),
        },
        { deadline: Date.now() + DEADLINE_MS },
        (err, response) => {
          if (err || !response) reject(new HubError('service_unavailable', 'the auth-service did not answer'));
          else resolve(verdictFromWire(response));
        },
      );
    });
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
