// Drive v3 files.list, enough to pick a spreadsheet: the files a caller can open,
// filtered by the spreadsheet MIME type and an optional "name contains" clause; and
// files.get, whose `version` tells a poller whether a spreadsheet changed at all.
import { GoogleApiError, type Reply } from './http';
import type { Spreadsheet } from './store';

export const SPREADSHEET_MIME = 'application/vnd.google-apps.spreadsheet';

export function listFiles(spreadsheets: Iterable<Spreadsheet>, principal: string, query: URLSearchParams): Reply {
  const q = query.get('q') ?? '';
  const mime = /mimeType\s*=\s*'([^']*)'/.exec(q)?.[1];
  const nameContains = /name\s+contains\s+'((?:[^'\\]|\\.)*)'/.exec(q)?.[1]?.replace(/\\(.)/g, '$1');
  const visible = [...spreadsheets].filter(
    (file) =>
      (file.owner === principal || file.sharedWith.has(principal)) &&
      (mime === undefined || mime === SPREADSHEET_MIME) &&
      (nameContains === undefined || file.title.toLowerCase().includes(nameContains.toLowerCase())),
  );
  const pageSize = Math.min(Number(query.get('pageSize') ?? 100) || 100, 1000);
  const offset = Number(query.get('pageToken') ?? 0) || 0;
  const page = visible.slice(offset, offset + pageSize);
  const body: Record<string, unknown> = {
    kind: 'drive#fileList',
    incompleteSearch: false,
    files: page.map((file) => ({ kind: 'drive#file', id: file.spreadsheetId, name: file.title, mimeType: SPREADSHEET_MIME })),
  };
  if (offset + pageSize < visible.length) body.nextPageToken = String(offset + pageSize);
  return { status: 200, body };
}

/** files.get: the file's metadata; a file the caller cannot open is "not found", as Drive says. */
export function getFile(spreadsheets: Map<string, Spreadsheet>, principal: string, fileId: string): Reply {
  const file = spreadsheets.get(fileId);
  if (!file || (file.owner !== principal && !file.sharedWith.has(principal))) {
    throw new GoogleApiError('NOT_FOUND', `File not found: ${fileId}.`);
  }
  return {
    status: 200,
    body: {
      kind: 'drive#file',
      id: file.spreadsheetId,
      name: file.title,
      mimeType: SPREADSHEET_MIME,
      // Drive sends its int64 version as a string.
      version: String(file.version),
      modifiedTime: new Date(file.modifiedTime).toISOString(),
    },
  };
}
