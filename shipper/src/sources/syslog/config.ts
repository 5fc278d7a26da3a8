/** The syslog source's settings (`type: syslog`). */
import { hostPortSchema } from '@driftwood/core';
import { z } from 'zod';

export const type = 'syslog';

export const configSchema = z
  .object({
    type: z.literal('syslog').optional().describe('Component type: `syslog`.'),
    id: z
      .string()
      .min(1)
      .optional()
      .describe('Source id used in acknowledgements and event ids; defaults to `syslog-<protocol>-<listen>`.'),
    protocol: z.enum(['udp', 'tcp']).default('udp').describe('Transport: `udp` (RFC 5426) or `tcp` (RFC 6587).'),
    listen: hostPortSchema()
      .default('127.0.0.1:5514')
      .describe('Address to listen on, `host:port` (IPv6 as `[::1]:5514`); port 0 picks a free port.'),
    max_message_bytes: z
      .number()
      .int()
      .min(64)
      .max(64 * 1024 * 1024)
      .default(64 * 1024)
      .describe('Longest message kept; longer ones are cut and tagged `syslog_truncated`.'),
    timezone: z
      .enum(['local', 'UTC'])
      .default('local')
      .describe('Zone of RFC 3164 time stamps, which carry none: the shipper host’s local zone, or UTC.'),
    udp_buffer_events: z
      .number()
      .int()
      .min(1)
      .default(10_000)
      .describe('UDP only: datagrams held while an emit is in flight; beyond this they are dropped and counted.'),
    tls: z
      .object({
        cert: z.string().min(1).describe('PEM certificate file (the chain, leaf first).'),
        key: z.string().min(1).describe('PEM private key file.'),
        ca: z
          .string()
          .min(1)
          .optional()
          .describe('PEM CA file; when set, clients must present a certificate it signed.'),
      })
      .strict()
      .optional()
      .describe('TCP only: serve syslog over TLS (RFC 5425 framing is octet counting, detected per frame).'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.tls && c.protocol !== 'tcp')
      ctx.addIssue({ code: 'custom', path: ['tls'], message: 'tls needs protocol: tcp' });
  });

export type SyslogConfig = z.infer<typeof configSchema>;
