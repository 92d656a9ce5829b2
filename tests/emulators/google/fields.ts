// A loose reading of Google's `fields` parameter ("properties.title,sheets(properties(title))"):
// enough to trim a response the way a client asking for less would expect.

type Mask = Map<string, Mask | null>;

function parseMask(text: string): Mask {
  const mask: Mask = new Map();
  let i = 0;
  const parseList = (into: Mask): void => {
    while (i < text.length && text[i] !== ')') {
      let name = '';
      while (i < text.length && !',()'.includes(text[i])) name += text[i++];
      const path = name.trim().split('.').filter(Boolean);
      let level = into;
      path.forEach((part, index) => {
        const last = index === path.length - 1;
        if (!level.has(part) || (!last && level.get(part) === null)) level.set(part, last ? null : new Map());
        const next = level.get(part);
        if (!last && next) level = next;
      });
      if (text[i] === '(') {
        i++;
        const child: Mask = new Map();
        parseList(child);
        i++;
        if (path.length > 0) level.set(path[path.length - 1], child);
      }
      if (text[i] === ',') i++;
    }
  };
  parseList(mask);
  return mask;
}

function apply(value: unknown, mask: Mask | null): unknown {
  if (mask === null || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => apply(item, mask));
  const out: Record<string, unknown> = {};
  for (const [key, child] of mask) {
    if (key === '*') return value;
    if (key in (value as Record<string, unknown>)) out[key] = apply((value as Record<string, unknown>)[key], child);
  }
  return out;
}

export function applyFields(body: unknown, fields: string | null): unknown {
  if (!fields || fields.trim() === '' || fields.trim() === '*') return body;
  return apply(body, parseMask(fields));
}
