// SPEC §E for requests Node's HTTP parser refuses before Fastify ever sees them (issue 7 item 5): headers over
// the size limit, a bad Content-Length, control characters in a header, an invalid method or URL. There is no
// request and no reply object then, only the socket, and Node's own answer is a bare `400 Bad Request` without
// the documented body or X-Request-Id. This is Fastify's `clientErrorHandler`: it writes the whole response
// itself, text/plain `<code>: <message>` (no Accept header can be trusted from a request that did not parse),
// and closes the connection, since the parser's state is lost.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyInstance } from 'fastify';
import { errorCatalogue, type ErrorCode } from '../errors.js';

/** The catalogue code for a parser error: 431 for headers over the limit, 408 for Node's own timeout, else 400. */
export function clientErrorCode(error: Pick<ConnectionError, 'code'>): ErrorCode {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return 'headers_too_large';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'request_timeout';
    default:
      return 'invalid_request';
  }
}

/** The complete HTTP/1.1 response for `code`, in the §E text format, with a fresh X-Request-Id. */
export function clientErrorResponse(code: ErrorCode, requestId: string): string {
  const { status, message } = errorCatalogue[code];
  const body = `${code}: ${message}`;
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** A response of an earlier request on this keep-alive connection that is still being written (Node internals). */
function responseInProgress(socket: Socket): boolean {
  const current = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  return current?.headersSent === true;
}

export function clientErrorHandler(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  // A reset connection is gone; nothing can be answered on it.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // Nowhere to write (or a response already half on the wire, which our bytes would corrupt): just close.
  if (!socket.writable || responseInProgress(socket)) {
    socket.destroy();
    return;
  }
  const code = clientErrorCode(error);
  const requestId = randomUUID();
  // Only the parser's code: the error's rawPacket holds the request's bytes, credentials included (T3).
  this.log.info({ reqId: requestId, parserError: error.code }, `refused by the HTTP parser: ${code}`);
  // end() flushes the response, then the socket is destroyed (the server allows half-open sockets, so a client
  // that never closes its side would otherwise keep it).
  socket.end(clientErrorResponse(code, requestId), () => socket.destroy());
}
