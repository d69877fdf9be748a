// The server side of the P1 benchmark, run as its own process (pinned to one core by p1-auth-throughput.ts)
// so the load generator has the other core. A real hub on the real PostgreSQL, loaded from the compiled
// build as `kataven serve` runs it, plus two routes with identical handlers, one open and one behind the
// hub's own auth middleware: the difference between them is exactly the cost of authentication on a cache hit.
import { dist, startBenchHub } from './bench-hub.js';

const { authenticate } = (await import(dist('http/authenticate.js'))) as typeof import('../packages/hub/src/http/authenticate.js');
const { mintApiKey } = (await import(dist('keys/mint-api-key.js'))) as typeof import('../packages/hub/src/keys/mint-api-key.js');

const { hub } = await startBenchHub('bench-server');
const handler = async () => ({ ok: true });
hub.app.get('/bench/open', handler);
await hub.app.register(async (scope) => {
  // The api surface, as the /v1 scope of the hub fixes it (server.ts).
  scope.addHook('onRequest', authenticate(hub.gate, 'api'));
  scope.get('/v1/bench/authed', handler);
});
const address = await hub.app.listen({ port: 0, host: '127.0.0.1' });
const account = await hub.createAccount('bench');
const { key } = await mintApiKey(hub, account.slug, { name: 'bench', expiry: '1d', createdBy: 'bench' });
process.stdout.write(`${JSON.stringify({ url: address, key })}\n`);

