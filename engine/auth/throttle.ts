import type { Db } from '../store/db';
import { ServiceError } from '../workspaces/service-error';
import { insertFailedLoginAttempt, markLoginAttemptSucceeded, recentFailures } from './repository';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const FAILURES_ALLOWED = 5;

/**
 * Counts a login attempt before its password is checked. After five failed logins for one
 * email from one address within 15 minutes, further attempts (right or wrong) are refused
 * until the oldest of those failures leaves the window; refusing even the right password
 * is what makes guessing pointless.
 *
 * The attempt is recorded as failed, under a lock per email and address, before anyone
 * looks at the password, and marked succeeded afterwards if it was right. So 200 guesses
 * sent at once are counted one after the other: five are checked, 195 refused. (Recording
 * after the check let every guess in flight through before the first failure was written.)
 * Returns the attempt's id for `loginSucceeded`.
 */
export async function countLoginAttempt(args: { db: Db; email: string; ip: string; now: Date }): Promise<number> {
  return args.db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`tributary:login ${args.email.toLowerCase()} ${args.ip}`]);
    const since = new Date(args.now.getTime() - LOGIN_WINDOW_MS);
    const failures = await recentFailures(trx, { email: args.email, ip: args.ip, since });
    if (failures.length >= FAILURES_ALLOWED) {
      const oldestCounted = failures[FAILURES_ALLOWED - 1]!;
      const retryAfterSeconds = Math.max(1, Math.ceil((oldestCounted.getTime() + LOGIN_WINDOW_MS - args.now.getTime()) / 1000));
      throw new ServiceError(
        'too_many_requests',
        `Too many failed logins for this email. Wait ${Math.ceil(retryAfterSeconds / 60)} minute(s) and try again, or reset the password.`,
        { retryAfterSeconds },
        { 'Retry-After': String(retryAfterSeconds) },
      );
    }
    return insertFailedLoginAttempt(trx, { email: args.email, ip: args.ip, now: args.now });
  });
}

/** The attempt counted by `countLoginAttempt` had the right password. */
export async function loginSucceeded(db: Db, attemptId: number): Promise<void> {
  await markLoginAttemptSucceeded(db, attemptId);
}
