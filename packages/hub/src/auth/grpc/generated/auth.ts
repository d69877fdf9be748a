import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AuthServiceClient as _kataven_auth_v1_AuthServiceClient, AuthServiceDefinition as _kataven_auth_v1_AuthServiceDefinition } from './kataven/auth/v1/AuthService.js';
import type { Claims as _kataven_auth_v1_Claims, Claims__Output as _kataven_auth_v1_Claims__Output } from './kataven/auth/v1/Claims.js';
import type { KeyLimits as _kataven_auth_v1_KeyLimits, KeyLimits__Output as _kataven_auth_v1_KeyLimits__Output } from './kataven/auth/v1/KeyLimits.js';
import type { VerifyRequest as _kataven_auth_v1_VerifyRequest, VerifyRequest__Output as _kataven_auth_v1_VerifyRequest__Output } from './kataven/auth/v1/VerifyRequest.js';
import type { VerifyResponse as _kataven_auth_v1_VerifyResponse, VerifyResponse__Output as _kataven_auth_v1_VerifyResponse__Output } from './kataven/auth/v1/VerifyResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  kataven: {
    auth: {
      v1: {
        AuthService: SubtypeConstructor<typeof grpc.Client, _kataven_auth_v1_AuthServiceClient> & { service: _kataven_auth_v1_AuthServiceDefinition }
        Claims: MessageTypeDefinition<_kataven_auth_v1_Claims, _kataven_auth_v1_Claims__Output>
        KeyLimits: MessageTypeDefinition<_kataven_auth_v1_KeyLimits, _kataven_auth_v1_KeyLimits__Output>
        VerifyRequest: MessageTypeDefinition<_kataven_auth_v1_VerifyRequest, _kataven_auth_v1_VerifyRequest__Output>
        VerifyResponse: MessageTypeDefinition<_kataven_auth_v1_VerifyResponse, _kataven_auth_v1_VerifyResponse__Output>
      }
    }
  }
}

