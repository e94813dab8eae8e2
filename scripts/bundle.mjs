#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli.js and the command modules it imports) with yargs into dist/bundle/, one
// minified file per command plus shared chunks, so `coloc predict` reads and compiles a few files instead of
// ~60 modules (start-up: benchmarks/startup.mjs). The other dependencies stay external: they load only in the
// commands that need them. bin/coloc.js runs the bundle when it is there, dist/cli.js otherwise.
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const bundled = new Set(['yargs']);
rmSync(`${root}dist/bundle`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: process.env.COLOC_BUNDLE_MINIFY !== '0',
  chunkNames: 'chunks/[name]-[hash]',
  external: Object.keys(pkg.dependencies ?? {}).filter((d) => !bundled.has(d)),
  logLevel: 'warning',
});
