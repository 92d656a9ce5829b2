import type { ConnectorDefinition } from '../sdk';
import { account } from './account';
import type { GoogleSheetsCredentials } from './credentials';
import { addRow } from './actions/add-row';
import { updateRow } from './actions/update-row';
import { newRow } from './triggers/new-row';

export type { GoogleSheetsCredentials } from './credentials';
export type { NewRowOptions } from './triggers/new-row';

export const googleSheets: ConnectorDefinition<GoogleSheetsCredentials> = {
  name: 'google-sheets',
  displayName: 'Google Sheets',
  description: 'New rows of a Google Sheet, or rows added to one; with a service account or a Google sign-in.',
  account,
  triggers: { 'new-row': newRow },
  actions: { 'add-row': addRow, 'update-row': updateRow },
};
