// Errors that reach the user as one line: `coloc: <message>` on stderr and an exit code.

/** Exit codes shared by every command (and by the Python runner, see docs/runner-protocol.md). */
export const EXIT = {
  ok: 0,
  failure: 1,
  /** Bad input: unknown workload or GPU, malformed data file, bad option. */
  usage: 2,
  /** Environment: python/torch/GPU missing, MPS daemon failed. */
  environment: 3,
  interrupted: 130,
} as const;

/** An error meant for the user. main() prints `coloc: <message>` and returns `exitCode`. */
export class ColocError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.failure) {
    super(message);
    this.name = 'ColocError';
    this.exitCode = exitCode;
  }
}

export function isColocError(e: unknown): e is ColocError {
  return e instanceof ColocError;
}

/** One line describing any thrown value (first line of its message only). */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const line = text.split('\n').find((l) => l.trim() !== '') ?? 'unknown error';
  return line.trim();
}
