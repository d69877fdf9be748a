// Original file: proto/auth.proto


export interface VerifyRequest {
  'token'?: (string);
  'account_header'?: (string);
  'surface'?: (string);
  '_account_header'?: "account_header";
}

export interface VerifyRequest__Output {
  'token'?: (string);
  'account_header'?: (string);
  'surface'?: (string);
  '_account_header'?: "account_header";
}
