/** The file source's configuration (the schema's descriptions are the reference docs). */
import { z } from 'zod';

export const multilineSchema = z
  .object({
    pattern: z
      .string()
      .min(1)
      .refine(
        (p) => {
          try {
            new RegExp(p);
            return true;
          } catch {
            return false;
          }
        },
        { message: 'not a valid regular expression' },
      )
      .describe('Regular expression tested against each line.'),
    negate: z
      .boolean()
      .default(false)
      .describe('Invert the match: lines NOT matching `pattern` are the continuation ones.'),
    match: z
      .enum(['after', 'before'])
      .default('after')
      .describe(
        '`after`: continuation lines are appended to the line before them (stack traces); `before`: they are prepended to the next line (trailing `\\`).',
      ),
    timeout_ms: z
      .number()
      .int()
      .positive()
      .default(1000)
      .describe('Emit a pending group after this long without a new line.'),
    max_lines: z
      .number()
      .int()
      .positive()
      .default(500)
      .describe(
        'A group is emitted (flagged `truncated`) once it has this many lines; the next line starts a new one.',
      ),
  })
  .strict();

export const fileSourceSchema = z
  .object({
    type: z.literal('file'),
    paths: z
      .array(z.string().min(1))
      .min(1)
      .describe('Glob patterns of files to read; rotated files may be included (each file is read once).'),
    exclude: z.array(z.string().min(1)).default([]).describe('Glob patterns of paths to skip (e.g. `*.gz`).'),
    start_at: z
      .enum(['beginning', 'end'])
      .default('beginning')
      .describe(
        'Where to start in files found by the first scan that have no checkpoint. Files that appear later (rotation) are always read from the beginning, so nothing is lost.',
      ),
    fingerprint_bytes: z
      .number()
      .int()
      .min(16)
      .max(1024 * 1024)
      .default(1024)
      .describe('A file is identified by a hash of its first N bytes (inode + device until it is that long).'),
    max_line_bytes: z
      .number()
      .int()
      .min(64)
      .default(1024 * 1024)
      .describe(
        'Longer lines are cut into pieces of at most this size, each flagged `log.flags: ["truncated"]`; nothing is dropped.',
      ),
    max_open_files: z
      .number()
      .int()
      .positive()
      .default(128)
      .describe('Most files held open at once; the rest wait their turn (round robin).'),
    scan_interval_ms: z
      .number()
      .int()
      .positive()
      .default(1000)
      .describe('How often the globs are expanded again (file system events also trigger a scan).'),
    poll_interval_ms: z
      .number()
      .int()
      .positive()
      .default(250)
      .describe('How often open files are checked for new data when no file system event arrives.'),
    close_inactive_ms: z
      .number()
      .int()
      .positive()
      .default(60_000)
      .describe('An open file idle at its end this long is closed (and reopened when it grows).'),
    close_removed_ms: z
      .number()
      .int()
      .positive()
      .default(5000)
      .describe('A renamed-away or deleted file is closed once it has been read to its end and stayed idle this long.'),
    clean_removed_ms: z
      .number()
      .int()
      .positive()
      .default(24 * 3600 * 1000)
      .describe('Checkpoints of files not seen for this long are forgotten.'),
    multiline: multilineSchema.optional().describe('Join continuation lines (stack traces) into one event.'),
  })
  .strict();

export type FileSourceConfig = z.infer<typeof fileSourceSchema>;
export type MultilineConfig = z.infer<typeof multilineSchema>;
