// Reading a JSON data file: parse, schema-check, one-line errors naming the file.
import { readFileSync } from 'node:fs';
import { ColocError, EXIT } from '../errors.js';
import { displayPath } from '../paths.js';
import { validateData, type SchemaTypes } from '../schemas/index.js';

/** Reads and parses a JSON file; a missing file or bad JSON is a ColocError (exit 2) naming the file. */
export function readJson(path: string): unknown {
  const label = displayPath(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ColocError(`${label}: ${code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(e)})`}`, EXIT.usage);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ColocError(`${label}: invalid JSON: ${(e as Error).message}`, EXIT.usage);
  }
}

/** Reads, parses and schema-checks a data file of the given kind (see src/schemas/index.ts). */
export function readDataFile<K extends keyof SchemaTypes>(path: string, kind: K): SchemaTypes[K];
export function readDataFile(path: string, kind: string): unknown;
export function readDataFile(path: string, kind: string): unknown {
  return validateData(kind, readJson(path), displayPath(path));
}
