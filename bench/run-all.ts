/**
 * Runs every benchmark in turn and writes bench/results/*.json. Each benchmark is bounded (fixed request counts),
 * runs in its own process, and stops by itself. Usage: npm run bench
 */
import { execFileSync } from 'node:child_process';

const run = (args: string[]) => execFileSync(process.execPath, ['bin/run-ts.js', ...args], { stdio: 'inherit' });
run(['bench/kb-load.ts', '7']);
run(['bench/determine.ts', '200000', '20000']);
run(['bench/batch.ts', '1000000', '5000', '1']);
run(['bench/batch.ts', '1000000', '5000', '2']);
