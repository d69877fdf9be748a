// §W, T4: the hub's own widget tokens (visitor JWTs, user tokens, refresh tokens) are accepted on the widget's
// endpoints only. Everywhere else a genuine one is refused 403 widget_token_not_allowed, and anything merely
// claiming the widget issuer (a forgery, an expired token, a kid no instance knows) is 401 invalid_token like
// any other bad JWT: only a token that verifies earns the more specific answer.
import * as jose from 'jose';
import type { ErrorCode } from '../errors.js';
import type { VisitorTokens, WidgetTokenUse } from '../widget/visitor-tokens.js';

const USES: readonly WidgetTokenUse[] = ['visitor', 'user_token', 'refresh'];

/** What the widget token verifier must offer the auth gate. */
export type WidgetTokenCheck = Pick<VisitorTokens, 'verify' | 'claimsWidgetIssuer'>;

/** The refusal of a JWT that claims the widget issuer (`claimsWidgetIssuer`), on a route that is not the widget's. */
export async function widgetTokenRefusal(tokens: WidgetTokenCheck, token: string): Promise<ErrorCode> {
  // Verified as the use it claims: `verify` checks that `typ` is that use, so this is "valid as any use" in one
  // signature check rather than three.
  let claimed: unknown;
  try {
    claimed = jose.decodeJwt(token)['typ'];
  } catch {
    return 'invalid_token';
  }
  const use = USES.find((u) => u === claimed);
  if (use === undefined) return 'invalid_token';
  const verdict = await tokens.verify(use, token);
  return verdict.ok ? 'widget_token_not_allowed' : 'invalid_token';
}
