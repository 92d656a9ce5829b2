import type { JsonSchema } from '../../connectors/sdk';

export interface PageQuery {
  limit?: number;
  cursor?: string;
}

/** `?limit=&cursor=` of a keyset-paged list (see engine/store/page-cursor.ts). */
export function pageQuerySchema(defaultLimit: number, maxLimit = 200): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      limit: {
        type: 'integer',
        minimum: 1,
        maximum: maxLimit,
        description: `Items per page (default ${defaultLimit}, at most ${maxLimit}).`,
      },
      cursor: {
        type: 'string',
        pattern: '^[A-Za-z0-9_-]{1,200}$',
        description: 'The nextCursor of the previous page; leave out for the first page.',
      },
    },
  };
}

/** `{ <listKey>: [...], nextCursor }`: nextCursor is null on the last page. */
export function pageResponseSchema(listKey: string, item: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: [listKey, 'nextCursor'],
    properties: {
      [listKey]: { type: 'array', items: item },
      nextCursor: {
        type: ['string', 'null'],
        description: 'Pass as ?cursor= to get the next page; null when this is the last page.',
      },
    },
  };
}
