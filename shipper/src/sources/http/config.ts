/** The http source's settings (`type: http`). */
import { hostPortSchema } from '@driftwood/core';
import { z } from 'zod';

export const type = 'http';

export const configSchema = z
  .object({
    type: z.literal('http').optional().describe('Component type: `http`.'),
    id: z
      .string()
      .min(1)
      .optional()
      .describe('Source id used in acknowledgements and event ids; defaults to `http-<listen>`.'),
    listen: hostPortSchema()
      .default('127.0.0.1:8080')
      .describe('Address to listen on, `host:port` (IPv6 as `[::1]:8080`); port 0 picks a free port.'),
    path: z.string().startsWith('/').default('/').describe('Path that accepts `POST`ed events.'),
    api_key: z
      .string()
      .min(1)
      .optional()
      .describe('When set, requests must carry it (`Authorization: ApiKey K`, `Bearer K` or `x-api-key`); else 401.'),
    allowed_origins: z
      .array(
        z.string().refine((o) => URL.canParse(o) && new URL(o).origin === o, {
          message: 'an origin is scheme://host[:port], without path or trailing slash',
        }),
      )
      .default([])
      .describe(
        'Web origins (`https://app.example.com`) whose pages may post logs from a browser; they get CORS answers. Other requests with an `Origin` or cross-site `Sec-Fetch-Site` header are refused (403) unless they carry the `api_key`.',
      ),
    max_body_bytes: z
      .number()
      .int()
      .min(1024)
      .default(10 * 1024 * 1024)
      .describe(
        'Largest request body; larger ones get 413 (refused from Content-Length, or as they are read) and the connection is closed.',
      ),
    body_idle_timeout_ms: z
      .number()
      .int()
      .min(100)
      .default(30_000)
      .describe(
        'A body that sends nothing for this long is given up: 408 and the connection closed (its slot is freed).',
      ),
    max_depth: z.number().int().min(1).max(1000).default(64).describe('Deepest JSON nesting accepted (else 400).'),
    queue_full_timeout_ms: z
      .number()
      .int()
      .min(0)
      .default(2_000)
      .describe('How long a request may wait for the queue before it is answered 429 with `Retry-After`.'),
    retry_after_seconds: z.number().int().min(1).default(1).describe('`Retry-After` sent with 429 and 503.'),
    max_in_flight: z
      .number()
      .int()
      .min(1)
      .default(8)
      .describe(
        'Requests read and handed to the queue at the same time (a slot is taken before the body is read, so at most this many bodies are held); others wait unread up to `queue_full_timeout_ms`, then get 429.',
      ),
  })
  .strict();

export type HttpConfig = z.infer<typeof configSchema>;
