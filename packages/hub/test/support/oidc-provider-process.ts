// A real, certified OpenID Provider (the `oidc-provider` package) run as a separate process for the OIDC
// integration tests: `node --import tsx test/support/oidc-provider-process.ts '<config json>'`.
//
// It listens on a free loopback port, serves the standard discovery document and JWKS, and issues RFC 9068 JWT
// access tokens through the client_credentials grant for the resource servers it is told about, each client's
// tokens carrying its `kataven:accounts` membership. When ready it prints its issuer URL, alone on one line,
// on stdout. It exits on SIGTERM/SIGINT, and when its stdin closes (so it never outlives a crashed test run).
//
// With `spa` it also serves a public browser client (the Hub UI, §U): the authorization code flow with PKCE,
// the provider's own development login and consent pages (any login name, any password), and access tokens
// for `spa.resource` carrying the signed-in user's `kataven:accounts` and `kataven:roles` from `spa.users`.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OidcProviderProcessConfig {
  clients: { id: string; secret: string; accounts: string[] }[];
  /** Resource indicator → the `aud` of the access tokens issued for it. */
  resourceServers: Record<string, { audience: string }>;
  /** The membership claim's name; `kataven:accounts` unless told otherwise. */
  accountsClaim?: string;
  /** A public client for the authorization code flow with PKCE (the Hub UI), and its users. */
  spa?: {
    clientId: string;
    redirectUris: string[];
    /** The resource indicator its access tokens are for (one of resourceServers). */
    resource: string;
    users: Record<string, { accounts: string[]; roles: string[] }>;
  };
}

// The package ships no type declarations, so the few parts used here are described locally and the module is
// imported through a non-literal specifier (which TypeScript does not try to resolve).
interface ClientCredentialsToken {
  clientId: string;
  /** The signed-in user's id (authorization code flow); absent for client_credentials. */
  accountId?: string;
}
interface ProviderConfiguration {
  clients: Record<string, unknown>[];
  jwks: { keys: Record<string, unknown>[] };
  cookies: { keys: string[] };
  features: Record<string, unknown>;
  findAccount?: (ctx: unknown, id: string) => Promise<{ accountId: string; claims: () => Promise<Record<string, unknown>> }>;
  extraTokenClaims: (ctx: unknown, token: ClientCredentialsToken) => Promise<Record<string, unknown> | undefined>;
}
interface ProviderInstance {
  callback(): http.RequestListener;
}
interface OidcProviderModule {
  default: new (issuer: string, configuration: ProviderConfiguration) => ProviderInstance;
  errors: { InvalidTarget: new (description?: string) => Error };
}

const MODULE = 'oidc-provider';

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '') as OidcProviderProcessConfig;
  const accountsClaim = config.accountsClaim ?? 'kataven:accounts';
  const { default: Provider, errors } = (await import(MODULE)) as OidcProviderModule;

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'oidc-provider-rs256', alg: 'RS256', use: 'sig' };
  const accountsOf = new Map(config.clients.map((c) => [c.id, c.accounts]));
  const spa = config.spa;

  const provider = new Provider(issuer, {
    clients: [
      ...config.clients.map((c) => ({
        client_id: c.id,
        client_secret: c.secret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
      })),
      ...(spa
        ? [
            {
              client_id: spa.clientId,
              application_type: 'web',
              grant_types: ['authorization_code'],
              response_types: ['code'],
              redirect_uris: spa.redirectUris,
              token_endpoint_auth_method: 'none',
            },
          ]
        : []),
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    ...(spa
      ? { findAccount: async (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => ({ sub: id }) }) }
      : {}),
    features: {
      devInteractions: { enabled: spa !== undefined },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // The browser client asks for no resource: its tokens are for the hub's, granted at consent.
        defaultResource: async (_ctx: unknown, client: { clientId: string }, oneOf?: string[]) =>
          spa && client.clientId === spa.clientId ? spa.resource : oneOf,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, resourceIndicator: string) => {
          const resourceServer = config.resourceServers[resourceIndicator];
          if (!resourceServer) throw new errors.InvalidTarget();
          return {
            scope: 'api',
            audience: resourceServer.audience,
            accessTokenTTL: 300,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    extraTokenClaims: async (_ctx, token) => {
      const user = token.accountId !== undefined ? spa?.users[token.accountId] : undefined;
      if (token.accountId !== undefined) return user ? { [accountsClaim]: user.accounts, 'kataven:roles': user.roles } : undefined;
      const accounts = accountsOf.get(token.clientId);
      return accounts ? { [accountsClaim]: accounts } : undefined;
    },
  });
  server.on('request', provider.callback());

  const stop = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();

  process.stdout.write(`${issuer}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`oidc-provider-process: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
