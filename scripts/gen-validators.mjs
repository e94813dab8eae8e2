#!/usr/bin/env node
// Regenerates src/schemas/precompiled.ts from the compiled schemas in dist/ (run `npm run build` first,
// then build again so dist/ gets the new validators).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generatePrecompiledSource } from '../dist/schemas/standalone.js';

const target = fileURLToPath(new URL('../src/schemas/precompiled.ts', import.meta.url));
writeFileSync(target, generatePrecompiledSource());
console.log(`wrote ${target}`);
