import { randomSecret, sha256 } from '../auth/secrets';

/** A one-time link's secret and the hash stored for it; only the hash is kept. */
export function newLinkSecret(): { token: string; tokenHash: string } {
  const token = randomSecret();
  return { token, tokenHash: sha256(token) };
}

/**
 * The secret rides in the URL fragment: browsers never send it to the server, so it stays
 * out of request logs, proxies and Referer headers. The page reads it and posts it.
 */
export function linkFor(publicUrl: string, page: 'join' | 'reset-password', token: string): { link: string; path: string } {
  const path = `/${page}#token=${token}`;
  return { link: `${publicUrl.replace(/\/+$/, '')}${path}`, path };
}

export const DAY_MS = 24 * 60 * 60 * 1000;
