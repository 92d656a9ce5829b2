import { invalidRequest } from '../errors';
import type { StripeState } from '../state';
import type { Collection, StripeObject } from '../store';
import type { Operation } from './context';

/**
 * The part of Stripe's search query language the product uses: clauses joined by AND,
 * each `field:'value'` (exact) or `field~'value'` (contains), where a field is one of the
 * resource's searchable fields or `metadata['key']`.
 */
function parseQuery(query: string, fields: readonly string[]): Array<(o: StripeObject) => boolean> {
  const clauses = query.split(/\s+AND\s+/i);
  return clauses.map((clause) => {
    const match = /^\s*([a-z_]+|metadata\[['"]([^'"]+)['"]\])\s*(:|~)\s*['"](.*)['"]\s*$/.exec(clause);
    if (!match || (!match[2] && !fields.includes(match[1]))) {
      throw invalidRequest(`Invalid search query: could not read the clause "${clause.trim()}".`, { param: 'query' });
    }
    const [, field, metadataKey, operator, expected] = match;
    const read = (o: StripeObject): unknown =>
      metadataKey ? ((o.metadata as Record<string, string> | null) ?? {})[metadataKey] : o[field];
    if (operator === '~')
      return (o) =>
        String(read(o) ?? '')
          .toLowerCase()
          .includes(expected.toLowerCase());
    return (o) => read(o) === expected;
  });
}

/** A `GET /v1/<resource>/search` endpoint: a search_result page, newest first. */
export function searchOperation(pick: (state: StripeState) => Collection, fields: readonly string[], url: string): Operation {
  return ({ params, state }) => {
    const filters = parseQuery(String(params.query), fields);
    const page = pick(state).list({
      limit: (params.limit as number | undefined) ?? 10,
      starting_after: typeof params.page === 'string' && params.page ? params.page : undefined,
      filter: (o) => filters.every((f) => f(o)),
    });
    const last = page.data[page.data.length - 1];
    return {
      object: 'search_result',
      data: page.data,
      has_more: page.has_more,
      next_page: page.has_more && last ? last.id : null,
      url,
    };
  };
}
