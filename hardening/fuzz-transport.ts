import { maxHeaderSize } from 'node:http';
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';

export type FuzzRequest = {
  method: 'GET' | 'POST' | 'DELETE' | 'OPTIONS';
  /** The request target exactly as it goes on the request line: path and query, encoded or not. */
  target: string;
  headers: Readonly<Record<string, string>>;
  payload?: string | Buffer;
  remoteAddress: string;
};

/**
 * The answer. Its status is null when the server cut off, unanswered or with its answer lost to the
 * reset, a request larger than it reads: a head beyond Node's 16 KiB or a body beyond the 64 KiB of a form.
 */
export type FuzzResponse = { statusCode: number | null; setCookie: string[]; body: string };

/**
 * Sends a request through `inject` or over a real socket. `inject` parses the target as a WHATWG URL
 * first, which resolves dot segments, turns backslashes into slashes and refuses some targets
 * outright; the socket sends the bytes as written, as any client may. A target `inject` refuses goes
 * over the socket.
 */
export async function sendRequest(
  app: FastifyInstance,
  port: number,
  request: FuzzRequest,
  { isOverSocket }: { isOverSocket: boolean },
): Promise<FuzzResponse> {
  if (!isOverSocket) {
    try {
      const response = await app.inject({
        method: request.method,
        url: request.target,
        headers: { ...request.headers },
        remoteAddress: request.remoteAddress,
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      });
      const setCookie = response.headers['set-cookie'];
      return { statusCode: response.statusCode, setCookie: setCookie === undefined ? [] : [setCookie].flat(), body: response.body };
    } catch (error) {
      if (!(error instanceof TypeError && 'code' in error && error.code === 'ERR_INVALID_URL')) throw error;
    }
  }
  return sendOverSocket(port, request);
}

const largestFormBody = 64 * 1024;

function sendOverSocket(port: number, { method, target, headers, payload }: FuzzRequest): Promise<FuzzResponse> {
  const body = payload === undefined ? Buffer.alloc(0) : Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  // A request line ends at a space or a line break; those characters would start another request, not fuzz this one.
  const requestLine = `${method} ${target.replace(/[ \r\n]/g, (character) => encodeURIComponent(character))} HTTP/1.1`;
  const headerLines = Object.entries({ ...headers, host: 'news.example', connection: 'close', 'content-length': String(body.length) }).map(
    ([name, value]) => `${name}: ${value}`,
  );
  const head = Buffer.from(`${requestLine}\r\n${headerLines.join('\r\n')}\r\n\r\n`, 'latin1');
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let failure: Error | null = null;
    socket.setTimeout(20_000, () => socket.destroy(new Error(`no answer within 20 s to ${requestLine}`)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      failure = error;
    });
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [responseHead = '', ...rest] = text.split('\r\n\r\n');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(responseHead);
      if (!status?.[1]) {
        if (head.length > maxHeaderSize || body.length > largestFormBody) resolve({ statusCode: null, setCookie: [], body: '' });
        else reject(failure ?? new Error(`the server closed the connection without an answer to ${JSON.stringify(requestLine)}`));
        return;
      }
      const setCookie = responseHead
        .split('\r\n')
        .filter((line) => /^set-cookie:/i.test(line))
        .map((line) => line.slice(line.indexOf(':') + 1).trim());
      resolve({ statusCode: Number(status[1]), setCookie, body: rest.join('\r\n\r\n') });
    });
    socket.write(Buffer.concat([head, body]));
  });
}
