#!/usr/bin/env node
import { existsSync } from 'node:fs';

// The bundle (scripts/bundle.mjs) starts faster; dist/cli.js is the same code as tsc compiled it.
const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/cli.js');

// `coloc models | head`: the reader went away; stop quietly instead of printing a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await main(process.argv.slice(2));
