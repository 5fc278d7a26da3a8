/**
 * POST over `node:http`/`node:https` with keep-alive connections: one agent per output, as many
 * sockets as requests in flight. The response is read whole, as text. HTTPS certificates are
 * verified, against `ca` when given (else the system's CAs and NODE_EXTRA_CA_CERTS).
 */
import http from 'node:http';
import https from 'node:https';

export interface PostResponse {
  status: number;
  /** The reason phrase of the status line (`Bad Request`), when the server sent one. */
  statusText: string;
  text: string;
}

export class HttpPoster {
  readonly #url: URL;
  readonly #agent: http.Agent;
  readonly #request: typeof http.request;

  constructor(url: string, maxSockets: number, tls: { ca?: Buffer[] | undefined } = {}) {
    this.#url = new URL(url);
    const secure = this.#url.protocol === 'https:';
    const options = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' as const };
    this.#agent = secure
      ? new https.Agent({ ...options, ...(tls.ca ? { ca: tls.ca } : {}), rejectUnauthorized: true })
      : new http.Agent(options);
    this.#request = secure ? https.request : http.request;
  }

  /** Rejects on a transport error, a timeout or an abort; any HTTP status resolves. */
  post(body: Buffer, headers: Record<string, string>, signal: AbortSignal, timeoutMs: number): Promise<PostResponse> {
    return new Promise((resolve, reject) => {
      const req = this.#request(this.#url, {
        method: 'POST',
        agent: this.#agent,
        headers: { ...headers, 'content-length': String(body.length) },
        signal,
        timeout: timeoutMs,
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            text: (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8'),
          }),
        );
      });
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
