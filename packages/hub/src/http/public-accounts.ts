// P0: the login page's public endpoints, outside the authenticated scopes. `GET /api/accounts` lists the
// discoverable accounts; `GET /api/user/org` verifies the bearer JWT itself (T8) and names the caller's accounts.
// (`GET /api/accounts/validate/{account}` lives with its per-IP rate limit, not here.)
import type { FastifyInstance } from 'fastify';
import { parseToken } from '../auth/token-format.js';
import type { UserTokenVerifier } from '../auth/user-token-verifier.js';
import { widgetTokenRefusal, type WidgetTokenCheck } from '../auth/widget-token-refusal.js';
import { HubError } from '../errors.js';
import { isValidAccountSlug, RESERVED_ACCOUNT } from '../tenancy/account-slug.js';
import type { Catalog } from '../tenancy/catalog.js';
import { z } from 'zod';
import { bearerToken } from './authenticate.js';
import { operation, type Operation } from './operations.js';

export interface PublicAccountDeps {
  catalog: Catalog;
  users: UserTokenVerifier;
  /** §W: a widget token is no Hub user's credential; a genuine one is told so (403), as on protected routes. */
  widgetTokens: WidgetTokenCheck;
}

const discoverableSchema = z.array(z.object({ account: z.string() }));
const userAccountsSchema = z.object({ sub: z.string(), accounts: z.array(z.string()) }).meta({ id: 'UserAccounts' });
const discoverableOp: Operation = {
  id: 'listDiscoverableAccounts',
  summary: 'The accounts that chose to be listed on the login page',
  tag: 'login',
  access: 'public',
  responses: { 200: discoverableSchema },
};
const userOrgOp: Operation = {
  id: 'getUserAccounts',
  summary: "The signed-in Hub user's subject and active accounts",
  tag: 'login',
  access: 'hub_user_token',
  responses: { 200: userAccountsSchema },
};

export function publicAccountRoutes(app: FastifyInstance, deps: PublicAccountDeps): void {
  app.get<{ Reply: z.output<typeof discoverableSchema> }>('/api/accounts', operation(discoverableOp), async () => (await deps.catalog.listDiscoverable()).map((slug) => ({ account: slug })));

  app.get<{ Reply: z.output<typeof userAccountsSchema> }>('/api/user/org', operation(userOrgOp), async (request) => {
    // The T4 outcomes of the middleware, for the one credential this route takes: a Hub user's JWT.
    const token = bearerToken(request);
    if (token === undefined) throw new HubError('missing_token');
    const shape = parseToken(token);
    if (shape.kind === 'malformed' || (shape.kind === 'key' && shape.prefix !== 'sk_live_')) {
      throw new HubError('malformed_token');
    }
    // A key belongs to one account and has no user behind it: nothing to look up (and no database touched).
    if (shape.kind === 'key') throw new HubError('requires_hub_ui_auth');
    if (deps.widgetTokens.claimsWidgetIssuer(token)) throw new HubError(await widgetTokenRefusal(deps.widgetTokens, token));
    const verified = await deps.users.verify(token);
    if (!verified.ok) throw new HubError(verified.reason === 'unavailable' ? 'service_unavailable' : 'invalid_token');
    const { sub, accounts } = verified.identity;
    // Only accounts that exist and are active: a claim naming anything else reveals nothing about it (§E).
    // The dev issuer's `*` (T9) is every active account but the operator console's (A2).
    const slugs =
      accounts === '*'
        ? (await deps.catalog.listActiveSlugs()).filter((slug) => slug !== RESERVED_ACCOUNT)
        : await deps.catalog.listActiveSlugs(accounts.filter(isValidAccountSlug));
    return { sub, accounts: slugs };
  });
}
