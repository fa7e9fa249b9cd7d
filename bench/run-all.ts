/**
 * Runs every benchmark in turn and writes bench/results/*.json. Each benchmark is bounded (fixed request counts),
 * runs in its own process, and stops by itself. Usage: npm run bench
 */
import { execFileSync } from 'node:child_process';

const run = (args: string[]) => execFileSync(process.execPath, ['bin/run-ts.js', ...args], { stdio: 'inherit' });
run(['bench/kb-load.ts', '7']);
run(['bench/determine.ts', '200000', '20000']);
run(['bench/diff.ts']);
run(['bench/site.ts']);
run(['bench/reports.ts']);
run(['bench/exchange-linking.ts']);
run(['bench/batch.ts', '1000000', '5000', '1']);
run(['bench/batch.ts', '1000000', '5000', '2']);
// The API load test pins the server to CPU 0 itself; the load generator runs here (pin this script to CPU 1).
execFileSync('taskset', ['-c', '1', process.execPath, 'bin/run-ts.js', 'bench/api-load.ts', '10'], { stdio: 'inherit' });
