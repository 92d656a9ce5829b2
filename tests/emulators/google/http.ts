// Small HTTP helpers shared by the emulator's routes: bodies in, Google-shaped errors out.
import type { IncomingMessage } from 'node:http';

export type GoogleStatus = 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'PERMISSION_DENIED' | 'UNAUTHENTICATED' | 'RESOURCE_EXHAUSTED';

const codes: Record<GoogleStatus, number> = {
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
};

export interface Reply {
  status: number;
  body: unknown;
}

/** Thrown by route code; the server turns it into Google's `{ error: { code, message, status } }`. */
export class GoogleApiError extends Error {
  constructor(
    public readonly status: GoogleStatus,
    message: string,
  ) {
    super(message);
  }

  reply(): Reply {
    const code = codes[this.status];
    return { status: code, body: { error: { code, message: this.message, status: this.status } } };
  }
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJson(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // falls through to the error below
  }
  throw new GoogleApiError('INVALID_ARGUMENT', 'Invalid JSON payload received.');
}
