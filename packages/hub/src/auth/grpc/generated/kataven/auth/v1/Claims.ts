// Original file: proto/auth.proto

import type { KeyLimits as _kataven_auth_v1_KeyLimits, KeyLimits__Output as _kataven_auth_v1_KeyLimits__Output } from '../../../kataven/auth/v1/KeyLimits.js';

export interface Claims {
  'account'?: (string);
  'actor'?: (string);
  'key_id'?: (string);
  'key_name'?: (string);
  'sub'?: (string);
  'roles'?: (string)[];
  'expires_at'?: (string);
  'key_limits'?: (_kataven_auth_v1_KeyLimits | null);
  '_key_id'?: "key_id";
  '_key_name'?: "key_name";
  '_sub'?: "sub";
  '_expires_at'?: "expires_at";
  '_key_limits'?: "key_limits";
}

export interface Claims__Output {
  'account'?: (string);
  'actor'?: (string);
  'key_id'?: (string);
  'key_name'?: (string);
  'sub'?: (string);
  'roles'?: (string)[];
  'expires_at'?: (string);
  'key_limits'?: (_kataven_auth_v1_KeyLimits__Output);
  '_key_id'?: "key_id";
  '_key_name'?: "key_name";
  '_sub'?: "sub";
  '_expires_at'?: "expires_at";
  '_key_limits'?: "key_limits";
}
