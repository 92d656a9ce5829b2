'use strict';
// A process of the expression pool (pool.ts). It receives batches of items, evaluates each
// item's expressions and answers item by item, so the pool can hold every item to its own
// deadline. A separate process, not a worker thread: a thread that runs out of memory inside
// a native builtin ($pad of 250 million characters) aborts the whole server with it, while
// this process can only abort itself.
const { Worker } = require('node:worker_threads');
const { evaluateExpressions } = require('./expressions.js');

// If the server dies without stopping this process (kill -9), a runaway expression would
// spin on as an orphan. The watchdog thread has its own event loop, which a busy main thread
// cannot block, and ends the process once its parent is gone.
new Worker(
  `const { workerData } = require('node:worker_threads');
  setInterval(() => { if (process.ppid !== workerData.parent) process.kill(workerData.self, 'SIGKILL'); }, 500);`,
  { eval: true, workerData: { parent: process.ppid, self: process.pid } },
).unref();

// Tells the pool which expression of the item is starting (the first needs no message), so
// that an item stopped at its deadline names the field whose expression ran away.
const markStart = (index) => {
  if (index > 0) process.send({ started: index });
};

process.on('message', async (batch) => {
  for (const job of batch) {
    process.send({ results: await evaluateExpressions(job.expressions, job.item, markStart) });
  }
});
process.on('disconnect', () => process.exit(0));
process.send('ready');
