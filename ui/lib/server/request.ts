/** Reading a route's request body: JSON within 1 MB, an object where one is needed; errors typed. Server only. */
import { DriftwoodError } from '@driftwood/core';

/** The request body as JSON (an empty body is `{}`); anything else is a 400. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.length > 1 << 20) throw new DriftwoodError('PAYLOAD_TOO_LARGE', 'request body over 1 MB');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DriftwoodError('INPUT_INVALID', `the body is not JSON: ${(error as Error).message}`);
  }
}

export function readObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new DriftwoodError('INPUT_INVALID', `${what} must be a JSON object`);
  return value as Record<string, unknown>;
}
