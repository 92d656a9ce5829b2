import { spawnSync } from 'node:child_process';
import path from 'node:path';

// `npm run bench`: every benchmark in turn, each in its own process so one's memory and
// warm caches cannot colour another's figures. `npm run bench -- pipeline` runs one.
const BENCHES = [
  'pipeline',
  'sheets-read',
  'sheets-write',
  'scheduler',
  'webhooks',
  'expressions',
  'shared-rate-limit',
  'webhook-to-stripe',
  'engine-ceiling',
  'stripe-source',
  'stripe-to-sheet',
  'webhook-latency',
  'natural-keys',
];

const wanted = process.argv.slice(2);
const selected = wanted.length > 0 ? BENCHES.filter((name) => wanted.includes(name)) : BENCHES;
if (selected.length === 0) {
  console.error(`Unknown benchmark: ${wanted.join(', ')}. Choose from ${BENCHES.join(', ')}.`);
  process.exit(1);
}
let failed = 0;
for (const name of selected) {
  console.log(`\n== bench/${name}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, `${name}.ts`)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
