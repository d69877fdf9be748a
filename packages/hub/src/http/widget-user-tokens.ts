// W5 `POST /api/v1/widget/auth/user-token {external_user_id, display_name?, email?}` → `{user_token, expires_in}`.
// Called by the customer's backend (any sk_live_ of the account, or a Hub user of it), which hands the token to
// its own page; the widget there exchanges it once, within 300 s, for a visitor token (widget-visitors.ts).
// A protected route: authentication, R1's limits and the audit row (AU1: who signed, never the token) apply.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { USER_TOKEN_TTL_SECONDS, type VisitorTokens } from '../widget/visitor-tokens.js';
import { claimsOf } from './authenticate.js';
import { operation, type Operation } from './operations.js';
import { parseBody } from './request-body.js';

const userTokenBody = z.object({
  external_user_id: z.string().min(1).max(200),
  display_name: z.string().max(200).optional(),
  // RFC 5321 §4.5.3.1: at most 320 characters (64 local, @, 255 domain).
  email: z.email().max(320).optional(),
});

const userTokenSchema = z.object({ user_token: z.string(), expires_in: z.literal(USER_TOKEN_TTL_SECONDS) }).meta({ id: 'WidgetUserToken' });
const userTokenOp: Operation = {
  id: 'createWidgetUserToken',
  summary: "Sign a user token for the widget (from the customer's backend), exchanged once within 300 s",
  description: 'Idempotency-Key is not honoured here: the answer carries a secret, which is never stored (T3), so it cannot be replayed.',
  idempotent: false,
  tag: 'widget',
  access: 'any',
  body: userTokenBody,
  responses: { 200: userTokenSchema },
  headers: { 'Cache-Control': 'no-store' },
};

export interface WidgetUserTokenDeps {
  visitorTokens: VisitorTokens;
}

export function widgetUserTokenRoutes(app: FastifyInstance, deps: WidgetUserTokenDeps): void {
  app.post<{ Reply: z.output<typeof userTokenSchema> }>('/widget/auth/user-token', operation(userTokenOp), async (request, reply) => {
    const claims = claimsOf(request);
    const body = parseBody(userTokenBody, request.body);
    const signed = await deps.visitorTokens.sign(
      'user_token',
      {
        sub: `user:${body.external_user_id}`,
        acct: claims.account,
        // Who vouched for this user: the key's id or the Hub user's subject (the audit row names them too).
        by: claims.key_id ?? claims.sub ?? claims.actor,
        ...(body.display_name !== undefined ? { name: body.display_name } : {}),
        ...(body.email !== undefined ? { email: body.email } : {}),
      },
      USER_TOKEN_TTL_SECONDS,
    );
    // RFC 6749 §5.1: an answer carrying a token is never cached.
    reply.header('cache-control', 'no-store');
    return { user_token: signed.token, expires_in: USER_TOKEN_TTL_SECONDS };
  });
}
