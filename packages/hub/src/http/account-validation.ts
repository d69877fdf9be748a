// P0 `GET /api/accounts/validate/{account}` (public): 200 `{account, valid: true}` for an active account, 404
// otherwise (unknown, disabled, provisioning or the operator console's — indistinguishable, §E), 400
// `invalid_account` for a slug failing A1 before anything is touched. Each client IP gets a budget per minute,
// so the endpoint cannot enumerate tenants quickly.
import type { FastifyInstance } from 'fastify';
import { HubError } from '../errors.js';
import type { RequestLimits } from '../limits/request-limits.js';
import { isValidAccountSlug, RESERVED_ACCOUNT } from '../tenancy/account-slug.js';
import type { AccountRecord } from '../tenancy/catalog.js';
import { z } from 'zod';
import { operation, type Operation } from './operations.js';
import { rateLimited } from './rate-limits.js';

/** Validations per client IP per minute: plenty for a login page, slow for a scan. */
export const VALIDATIONS_PER_IP_PER_MINUTE = 30;

const validAccountSchema = z.object({ account: z.string(), valid: z.literal(true) });
const validateOp: Operation = {
  id: 'validateAccount',
  summary: 'Whether an account exists and is active (the login page), limited per client IP',
  tag: 'login',
  access: 'public',
  params: { account: 'the account slug (A1)' },
  responses: { 200: validAccountSchema },
  errors: ['invalid_account', 'rate_limited', 'service_unavailable'],
};

export interface AccountValidationDeps {
  limits: RequestLimits;
  /** Active accounts (the cached view the verifier uses). */
  accounts: { find(slug: string): Promise<AccountRecord | undefined> };
}

export function accountValidationRoutes(app: FastifyInstance, deps: AccountValidationDeps): void {
  app.get<{ Params: { account: string }; Reply: z.output<typeof validAccountSchema> }>('/api/accounts/validate/:account', operation(validateOp), async (request, reply) => {
    const slug = request.params.account;
    // A1 first: a malformed slug costs nothing, not even a count.
    if (!isValidAccountSlug(slug)) throw new HubError('invalid_account');
    // request.ip is the socket's peer, or the client a trusted proxy (KATAVEN_TRUSTED_PROXIES) names in
    // X-Forwarded-For: a header from anyone else cannot buy a fresh budget.
    const admission = await deps.limits
      .admitClient(request.ip, 'validate', VALIDATIONS_PER_IP_PER_MINUTE)
      .catch((err: unknown) => {
        request.log.error({ err }, 'rate limiter unavailable');
        throw new HubError('service_unavailable');
      });
    if (!admission.ok) throw rateLimited(reply, admission.window, admission.limit, admission.retryAfterSeconds);
    if (slug === RESERVED_ACCOUNT || !(await deps.accounts.find(slug))) throw new HubError('not_found');
    return { account: slug, valid: true };
  });
}
