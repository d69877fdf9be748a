// Original file: proto/auth.proto


export interface KeyLimits {
  'per_minute'?: (number);
  'per_hour'?: (number);
  'per_day'?: (number);
  'concurrent'?: (number);
  '_per_minute'?: "per_minute";
  '_per_hour'?: "per_hour";
  '_per_day'?: "per_day";
  '_concurrent'?: "concurrent";
}

export interface KeyLimits__Output {
  'per_minute'?: (number);
  'per_hour'?: (number);
  'per_day'?: (number);
  'concurrent'?: (number);
  '_per_minute'?: "per_minute";
  '_per_hour'?: "per_hour";
  '_per_day'?: "per_day";
  '_concurrent'?: "concurrent";
}
