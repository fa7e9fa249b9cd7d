#!/usr/bin/env node
// Entry point: runs the TypeScript CLI through tsx's ESM loader, so there is no build step to forget.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
