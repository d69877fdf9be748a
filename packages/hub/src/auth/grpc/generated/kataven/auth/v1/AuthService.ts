// Original file: proto/auth.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { VerifyRequest as _kataven_auth_v1_VerifyRequest, VerifyRequest__Output as _kataven_auth_v1_VerifyRequest__Output } from '../../../kataven/auth/v1/VerifyRequest.js';
import type { VerifyResponse as _kataven_auth_v1_VerifyResponse, VerifyResponse__Output as _kataven_auth_v1_VerifyResponse__Output } from '../../../kataven/auth/v1/VerifyResponse.js';

export interface AuthServiceClient extends grpc.Client {
  Verify(argument: _kataven_auth_v1_VerifyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kataven_auth_v1_VerifyResponse__Output>): grpc.ClientUnaryCall;
  Verify(argument: _kataven_auth_v1_VerifyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kataven_auth_v1_VerifyResponse__Output>): grpc.ClientUnaryCall;
  Verify(argument: _kataven_auth_v1_VerifyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kataven_auth_v1_VerifyResponse__Output>): grpc.ClientUnaryCall;
  Verify(argument: _kataven_auth_v1_VerifyRequest, callback: grpc.requestCallback<_kataven_auth_v1_VerifyResponse__Output>): grpc.ClientUnaryCall;
  verify(argument: _kataven_auth_v1_VerifyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kataven_auth_v1_VerifyResponse__Output>): grpc.ClientUnaryCall;
  verify(argument: _kataven_auth_v1_VerifyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kataven_auth_v1_VerifyResponse__Output>): grpc.ClientUnaryCall;
  verify(argument: _kataven_auth_v1_VerifyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kataven_auth_v1_VerifyResponse__Output>): grpc.ClientUnaryCall;
  verify(argument: _kataven_auth_v1_VerifyRequest, callback: grpc.requestCallback<_kataven_auth_v1_VerifyResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface AuthServiceHandlers extends grpc.UntypedServiceImplementation {
  Verify: grpc.handleUnaryCall<_kataven_auth_v1_VerifyRequest__Output, _kataven_auth_v1_VerifyResponse>;
  
}

export interface AuthServiceDefinition extends grpc.ServiceDefinition {
  Verify: MethodDefinition<_kataven_auth_v1_VerifyRequest, _kataven_auth_v1_VerifyResponse, _kataven_auth_v1_VerifyRequest__Output, _kataven_auth_v1_VerifyResponse__Output>
}
