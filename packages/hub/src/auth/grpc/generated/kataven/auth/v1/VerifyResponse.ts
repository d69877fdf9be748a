// Original file: proto/auth.proto

import type { Claims as _kataven_auth_v1_Claims, Claims__Output as _kataven_auth_v1_Claims__Output } from '../../../kataven/auth/v1/Claims.js';

export interface VerifyResponse {
  'claims'?: (_kataven_auth_v1_Claims | null);
  'error_code'?: (string);
  'result'?: "claims"|"error_code";
}

export interface VerifyResponse__Output {
  'claims'?: (_kataven_auth_v1_Claims__Output);
  'error_code'?: (string);
  'result'?: "claims"|"error_code";
}
