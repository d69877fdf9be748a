// Requests held open by slow clients, over raw sockets: headers sent (so authentication and the rate limit run
// on onRequest), the body only half sent. Shared by the rate-limit tests.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function parseResponse(raw: Buffer): RawResponse | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const head = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = raw.subarray(end + 4);
  if (body.length < length) return undefined;
  return { status: Number(head[0]!.split(' ')[1]), headers, body: body.subarray(0, length).toString('utf8') };
}

/**
 * A request held open by a slow client: headers sent (so authentication and the rate limit run on onRequest),
 * body only half sent. `finish()` sends the rest, `abort()` hangs up.
 */
export interface HeldRequest {
  response: Promise<RawResponse>;
  /** Whether a response has arrived. */
  answered(): boolean;
  finish(): void;
  abort(): void;
}

/** Every socket a test holds open; hung up before a hub closes, so a failed assertion cannot hang its close(). */
const openSockets = new Set<net.Socket>();
export const hangUpAll = () => {
  for (const socket of openSockets) socket.destroy();
  openSockets.clear();
};

export function holdRequest(baseUrl: string, token: string): HeldRequest {
  const url = new URL(baseUrl);
  const socket = net.connect(Number(url.port), url.hostname);
  openSockets.add(socket);
  const body = '{"name":"held-open"}';
  const sentPart = body.slice(0, 8);
  socket.write(
    `POST /v1/agents HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${sentPart}`,
  );
  let answered = false;
  const response = new Promise<RawResponse>((resolve, reject) => {
    let data = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const parsed = parseResponse(data);
      if (parsed) {
        answered = true;
        resolve(parsed);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('closed without a response')));
  });
  response.catch(() => undefined); // aborted ones never answer; those that matter are awaited
  return {
    response,
    answered: () => answered,
    finish: () => socket.write(body.slice(sentPart.length)),
    abort: () => socket.destroy(),
  };
}

/** Waits until `count` of the held requests have been answered (or the deadline), then a grace period more. */
export async function answeredAfter(held: HeldRequest[], count: number, deadlineMs = 3000, graceMs = 300): Promise<HeldRequest[]> {
  const deadline = Date.now() + deadlineMs;
  while (held.filter((h) => h.answered()).length < count && Date.now() < deadline) await sleep(10);
  await sleep(graceMs);
  return held.filter((h) => h.answered());
}
