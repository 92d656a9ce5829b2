// Mapping expressions that, evaluated in the server's event loop, would hang it: the cases
// of issue 11. Tests that use them must run them in the expression pool or in a child
// process, never in Jest's own event loop (a hang there would stop Jest's timeouts too).
export const NEVER_ENDS = '($f := function($n){$f($n+1)}; $f(0))';

export const HOSTILE: Array<[name: string, expression: string]> = [
  ['endless recursion', NEVER_ENDS],
  ['endless recursion through $eval', `$eval(${JSON.stringify(NEVER_ENDS)})`],
  ['catastrophic backtracking', `$match("${'a'.repeat(40)}!", /^(a+)+$/)`],
  ['a 100 MB string', '$join([1..10000000].("xxxxxxxxxx"),"")'],
];
