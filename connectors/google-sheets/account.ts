// The Google account: verify proves it by listing the spreadsheets it can open in Drive.
import type { AccountDefinition } from '../sdk';
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

export const account: AccountDefinition<GoogleSheetsCredentials> = {
  schema: credentialsSchema,
  hint: credentialsHint,
  signIn: 'google',
  // Google allows 60 Sheets reads a minute per user: a minute's worth may go at once,
  // then one a second. Drive and write requests are counted against the same budget.
  requestRate: () => ({ perSecond: 1, burst: 60 }),
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
