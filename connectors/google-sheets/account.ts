// The Google account: verify proves it by listing the spreadsheets it can open in Drive.
import type { AccountDefinition, RequestRate } from '../sdk';
import {
  credentialsHint,
  credentialsSchema,
  isServiceAccount,
  parseServiceAccountKey,
  type GoogleSheetsCredentials,
} from './credentials';
import { SPREADSHEETS_QUERY } from './dynamic-options';
import { toConnectorError } from './errors';
import { googleClients } from './google-client';

/**
 * Google allows 60 Sheets reads a minute per user (or the Cloud project's raised quota).
 * Half a minute's worth may go at once and the rest follows evenly, so no 60 seconds ever
 * hold more than the quota (a burst of 60 refilled at 1/s would allow 120 in the first
 * minute, and Google would answer 429). Drive and write requests count against the same
 * budget. A service account is one Google user whichever Tributary accounts hold its key,
 * so they share its budget.
 */
export function googleRequestRate(credentials: GoogleSheetsCredentials): RequestRate {
  const perMinute = credentials.requestsPerMinute ?? 60;
  const rate: RequestRate = { perSecond: perMinute / 120, burst: Math.floor(perMinute / 2) };
  if (!isServiceAccount(credentials)) return rate;
  try {
    return { ...rate, quotaOwner: parseServiceAccountKey(credentials.serviceAccountKey).client_email };
  } catch {
    // A malformed key sends nothing: verify names what is wrong with it.
    return rate;
  }
}

export const account: AccountDefinition<GoogleSheetsCredentials> = {
  schema: credentialsSchema,
  hint: credentialsHint,
  signIn: 'google',
  requestRate: googleRequestRate,
  async verify({ credentials, context }) {
    // A malformed key fails here, before any request, with what to fix.
    const email = isServiceAccount(credentials) ? parseServiceAccountKey(credentials.serviceAccountKey).client_email : null;
    const clients = googleClients(credentials, context);
    try {
      const { data } = await clients.drive.files.list({ q: SPREADSHEETS_QUERY, fields: 'files(id)', pageSize: 100 });
      const spreadsheets = data.files?.length ?? 0;
      const details: Record<string, unknown> = { spreadsheets };
      if (email) {
        details.email = email;
        if (spreadsheets === 0) details.note = `No spreadsheet is shared with ${email} yet: share one with that address.`;
      }
      return { details };
    } catch (error) {
      throw toConnectorError(error, { serviceAccountEmail: email });
    }
  },
};
