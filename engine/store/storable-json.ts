/**
 * Limits of what PostgreSQL will store from a JSON value. A value past them fails the
 * INSERT, and a sender who sees a 500 sends it again, forever; checking first lets the
 * edge answer 400 with the reason instead.
 */
export const MAX_JSON_DEPTH = 100;

export interface UnstorableJson {
  /** Where the problem is, as a mapping names a field: `customer.tags[2]` ('' = the whole value). */
  field: string;
  message: string;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
// jsonb refuses such text ("\ud800"); text columns would silently turn it into U+FFFD.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function stringProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (such as \\ud800), which is not valid Unicode';
  return null;
}

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

// A path 100 levels deep is unreadable; the first few levels say where it starts.
function shortPath(path: string): string {
  return path.length > 60 ? `${path.slice(0, 60)}...` : path;
}

/**
 * The first reason `value` (as parsed from JSON) cannot be stored, or null. It walks with an
 * explicit stack, so a hostile 100,000-level body cannot overflow this process's stack either.
 */
export function unstorableJson(value: unknown): UnstorableJson | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = stringProblem(current);
      if (problem) return { field: shortPath(path), message: problem };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      return {
        field: shortPath(path),
        message: `is nested more than ${MAX_JSON_DEPTH} levels deep; send a flatter structure`,
      };
    }
    if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, path: child(path, index), depth: depth + 1 }));
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      const keyProblem = stringProblem(key);
      if (keyProblem) return { field: shortPath(path), message: `has a field name that ${keyProblem}` };
      stack.push({ value: item, path: child(path, key), depth: depth + 1 });
    }
  }
  return null;
}

/** One sentence for an error message: "customer.name contains ..." or "The body is nested ...". */
export function describeUnstorable(problem: UnstorableJson, whole = 'The body'): string {
  return `${problem.field || whole} ${problem.message}.`;
}
