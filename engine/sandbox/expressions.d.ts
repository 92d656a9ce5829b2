/** One expression's outcome: its value as JSON text (undefined: no value), or why it failed. */
export type ExpressionResult = { ok: true; json: string | undefined } | { ok: false; message: string };

export function evaluateExpressions(
  expressions: string[],
  item: Record<string, unknown>,
  onStart?: (index: number) => void,
): Promise<ExpressionResult[]>;
