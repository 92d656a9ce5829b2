import type { Db } from '../store/db';
import { ServiceError } from '../workspaces/service-error';
import { recentFailures } from './repository';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const FAILURES_ALLOWED = 5;

/**
 * After five failed logins for one email from one address within 15 minutes, further
 * attempts (right or wrong) are refused until the oldest of those failures leaves the
 * window. Refusing even the right password is what makes guessing pointless.
 */
export async function assertLoginAllowed(args: { db: Db; email: string; ip: string; now: Date }): Promise<void> {
  const since = new Date(args.now.getTime() - LOGIN_WINDOW_MS);
  const failures = await recentFailures(args.db, { email: args.email, ip: args.ip, since });
  if (failures.length < FAILURES_ALLOWED) return;
  const oldestCounted = failures[FAILURES_ALLOWED - 1]!;
  const retryAfterSeconds = Math.max(1, Math.ceil((oldestCounted.getTime() + LOGIN_WINDOW_MS - args.now.getTime()) / 1000));
  throw new ServiceError(
    'too_many_requests',
    `Too many failed logins for this email. Wait ${Math.ceil(retryAfterSeconds / 60)} minute(s) and try again, or reset the password.`,
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}
