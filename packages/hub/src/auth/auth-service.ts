// T5: the auth-service's contract as the hub sees it, whether it runs in-process (Verifier) or behind gRPC
// (GrpcAuthServiceClient). proto/auth.proto is the wire form of the same thing.
import type { Surface, Verdict } from './claims.js';

export interface VerifyRequest {
  token: string;
  /** The X-Account-ID header, if any. */
  accountHeader: string | undefined;
  surface: Surface;
}

export interface AuthService {
  verify(request: VerifyRequest): Promise<Verdict>;
  close?(): Promise<void>;
}
