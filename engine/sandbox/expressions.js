'use strict';
// One item's JSONata expressions, evaluated one after another. Plain CommonJS so a sandbox
// process loads it without a TypeScript loader (fast under tsx and under Jest alike); the
// pool runs it in those processes, and bench/expressions runs it in-process to measure
// what the pool costs.
const jsonata = require('jsonata');

// Parsed expressions by text: a run maps thousands of items with the same few expressions.
const MAX_CACHED = 500;
const parsed = new Map();

// A value bigger than this is no field value for any destination; it would only carry a
// runaway result (a 100 MB string) out of the sandbox into the run log.
const MAX_RESULT_CHARACTERS = 1_000_000;

class Unusable extends Error {}

function parse(text) {
  let expression = parsed.get(text);
  if (!expression) {
    if (parsed.size >= MAX_CACHED) parsed.clear();
    expression = jsonata(text);
    parsed.set(text, expression);
  }
  return expression;
}

/** The result as JSON text (undefined for "nothing"), which the pool can always receive. */
function encode(value) {
  if (value === undefined) return undefined;
  let json;
  try {
    json = JSON.stringify(value, (_key, entry) => {
      if (typeof entry === 'function' || (entry !== null && typeof entry === 'object' && entry._jsonata_lambda)) {
        throw new Unusable('returned a function, not a value');
      }
      return entry;
    });
  } catch (error) {
    if (error instanceof Unusable) throw error;
    throw new Unusable('returned data that cannot be used as a value (it refers to itself)');
  }
  if (json !== undefined && json.length > MAX_RESULT_CHARACTERS) {
    throw new Unusable(`returned more than ${MAX_RESULT_CHARACTERS.toLocaleString('en-US')} characters of data`);
  }
  return json;
}

function messageOf(error) {
  const message = error !== null && typeof error === 'object' ? error.message : undefined;
  return typeof message === 'string' ? message : String(error);
}

/**
 * Evaluates `expressions` against `item`, in order. `onStart(index)` is called before each
 * one, so whoever stops a runaway evaluation can tell which expression it was.
 */
async function evaluateExpressions(expressions, item, onStart) {
  const results = [];
  for (let index = 0; index < expressions.length; index += 1) {
    if (onStart) onStart(index);
    try {
      const value = await parse(expressions[index]).evaluate(item);
      results.push({ ok: true, json: encode(value) });
    } catch (error) {
      results.push({ ok: false, message: messageOf(error) });
    }
  }
  return results;
}

module.exports = { evaluateExpressions };
