// C2: what a carrier's credentials look like, per provider. Checked for shape only (no call to the carrier):
// the fields each provider needs, nothing more, each a non-empty string. A failure is a value (STYLE 3) whose
// message names the fields expected and never repeats what was sent (a credential must not reach a log line or
// a response, even as an error message).

export const PROVIDER_KINDS = ['twilio', 'plivo', 'vobiz'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export function isProviderKind(value: unknown): value is ProviderKind {
  return typeof value === 'string' && (PROVIDER_KINDS as readonly string[]).includes(value);
}

/** The credential fields of each provider, in the order they are documented. */
export const CREDENTIAL_FIELDS: Record<ProviderKind, readonly string[]> = {
  // Twilio's REST API authenticates with the Account SID and its Auth Token.
  twilio: ['account_sid', 'auth_token'],
  // Plivo's with the Auth ID and Auth Token; Vobiz speaks Plivo's API and uses the same pair.
  plivo: ['auth_id', 'auth_token'],
  vobiz: ['auth_id', 'auth_token'],
};

/** Every field name of some provider: the only client-sent names an error message repeats. */
const KNOWN_FIELDS = new Set(Object.values(CREDENTIAL_FIELDS).flat());

/**
 * Every credential value: 1 to 256 printable ASCII characters without spaces. Real SIDs, ids and tokens are
 * short alphanumeric strings; a space, a line break or a control character is a paste error, not a credential.
 */
const CREDENTIAL_VALUE = /^[\x21-\x7e]{1,256}$/;

/**
 * Twilio's Account SID is `AC` followed by 32 hexadecimal digits (Twilio's own documented shape; the digits are
 * lowercase in practice, either case is accepted). Plivo's and Vobiz's ids and every token are held to
 * CREDENTIAL_VALUE only: their formats are not documented firmly enough to refuse a real one.
 */
const FIELD_SHAPES: Partial<Record<string, { pattern: RegExp; description: string }>> = {
  'twilio.account_sid': { pattern: /^AC[0-9a-fA-F]{32}$/, description: 'AC followed by 32 hexadecimal digits' },
};

export type CredentialsCheck =
  | { ok: true; credentials: Record<string, string> }
  | { ok: false; message: string };

/** What the error says is expected of `kind`, e.g. `twilio credentials are {account_sid, auth_token}: …`. */
function expected(kind: ProviderKind): string {
  return `${kind} credentials are {${CREDENTIAL_FIELDS[kind].join(', ')}}, each a non-empty string of printable characters without spaces`;
}

/** The credentials of `kind`, exactly its fields, each well-formed; else what is wrong, naming fields only. */
export function checkCredentials(kind: ProviderKind, value: unknown): CredentialsCheck {
  const fields = CREDENTIAL_FIELDS[kind];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: `credentials must be an object: ${expected(kind)}` };
  }
  const given = Object.keys(value);
  const extra = given.filter((f) => !fields.includes(f));
  if (extra.length > 0) {
    // Only the field names of some provider are repeated (auth_id sent for twilio, say); any other name came
    // from the client and might be a pasted secret, so it is counted, not shown.
    const known = extra.filter((f) => KNOWN_FIELDS.has(f));
    const others = extra.length - known.length;
    const named = [...known, ...(others > 0 ? [`${others} other field${others > 1 ? 's' : ''}`] : [])];
    return { ok: false, message: `unexpected ${named.join(', ')}: ${expected(kind)}` };
  }
  const credentials: Record<string, string> = {};
  for (const field of fields) {
    const item = (value as Record<string, unknown>)[field];
    if (item === undefined) return { ok: false, message: `${field} is missing: ${expected(kind)}` };
    if (typeof item !== 'string' || !CREDENTIAL_VALUE.test(item)) {
      return { ok: false, message: `${field} is not a non-empty string of printable characters without spaces: ${expected(kind)}` };
    }
    const shape = FIELD_SHAPES[`${kind}.${field}`];
    if (shape && !shape.pattern.test(item)) return { ok: false, message: `${field} must be ${shape.description}` };
    credentials[field] = item;
  }
  return { ok: true, credentials };
}
