import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { answerFor, errorBody, type ErrorAnswerOptions, type GatewayError } from './errors';

/** Answers `error` on an HTTP response; returns the status sent. */
export function sendHttpError(
  res: ServerResponse,
  error: GatewayError,
  requestId: string,
  options: ErrorAnswerOptions,
): number {
  const answer = answerFor(error.kind, options);
  if (res.headersSent) {
    res.destroy();
    return res.statusCode;
  }
  const body = errorBody(answer.code, error, requestId);
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
  });
  res.end(body);
  return answer.status;
}

/**
 * Answers `error` on a socket whose request asked for an upgrade (Node hands those over before
 * any response object exists). We only ever WRITE a plain response here — status line, a few
 * headers we choose, a JSON body — and then close the socket; nothing is parsed by hand.
 */
export function writeSocketError(
  socket: Duplex,
  error: GatewayError,
  requestId: string,
  options: ErrorAnswerOptions,
): number {
  const answer = answerFor(error.kind, options);
  const body = errorBody(answer.code, error, requestId);
  const headers: Record<string, string | number> = {
    ...answer.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
    connection: 'close',
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  if (socket.writable) {
    socket.end(`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\n${head}\r\n${body}`);
  } else {
    socket.destroy();
  }
  return answer.status;
}
