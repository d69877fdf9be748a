// Which hosts are this machine itself. The auth-service's gRPC channel (T5) may go without TLS only there.
import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6'); // BlockList also matches ::ffff:127.x.y.z against the IPv4 subnet

/** The addresses plaintext gRPC is allowed on, for messages. */
export const LOOPBACK_ADDRESSES = '127.0.0.0/8, ::1, localhost';

/** 127.0.0.0/8, ::1 (in any spelling, bracketed or not, or IPv4-mapped) and the name localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (/^localhost\.?$/i.test(h)) return true;
  const family = isIP(h);
  return family !== 0 && LOOPBACK.check(h, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The host a gRPC target names: `host:port`, `host`, `[v6]:port`, a bare IPv6 address, or any of these after
 * `dns:` / `dns:///` / `dns://authority/`. Undefined for other schemes (`ipv4:`, `unix:`…), which are then
 * never taken for loopback.
 */
export function grpcTargetHost(target: string): string | undefined {
  let rest = target;
  const dns = /^dns:(?:\/\/[^/]*\/)?(.*)$/i.exec(rest);
  if (dns) rest = dns[1]!;
  else if (/^[a-z][a-z0-9+.-]*:/i.test(rest) && isIP(rest) === 0 && !/^[^:]+:[0-9]*$/.test(rest)) return undefined;
  if (rest === '') return undefined;
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    return end > 1 ? rest.slice(1, end) : undefined;
  }
  const colons = rest.split(':').length - 1;
  if (colons === 0) return rest;
  if (colons === 1) return rest.slice(0, rest.indexOf(':')) || undefined;
  return isIP(rest) === 6 ? rest : undefined;
}
