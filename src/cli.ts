// coloc's command line: parses with yargs, then imports only the module of the command that runs.
// main() never throws and never exits the process: it prints at most one error line and returns the exit code.
import yargs from 'yargs';
import { ColocError, EXIT, isColocError, oneLine } from './errors.js';
import { PACKAGE_VERSION } from './paths.js';
import { err, out } from './commands/format.js';
import { COMMANDS, isMissingModule, type CommandModule, type CommandSpec } from './commands/registry.js';

/** Prints `coloc: <message>` (one line) and returns the exit code for an error. */
export function reportError(e: unknown): number {
  if (isColocError(e)) {
    err(`coloc: ${oneLine(e)}`);
    return e.exitCode;
  }
  err(`coloc: unexpected error: ${oneLine(e)}${process.env.COLOC_DEBUG === '1' ? '' : ' (COLOC_DEBUG=1 shows details)'}`);
  if (process.env.COLOC_DEBUG === '1' && e instanceof Error && e.stack) err(e.stack);
  return EXIT.failure;
}

async function loadCommand(spec: CommandSpec): Promise<CommandModule> {
  let mod: unknown;
  try {
    mod = await spec.load();
  } catch (e) {
    if (isMissingModule(e, spec.source.replace(/\.ts$/, '.js'))) {
      throw new ColocError(`'coloc ${spec.name}' is not available in this build (${spec.source} is missing)`, EXIT.failure);
    }
    throw e;
  }
  const run = (mod as Partial<CommandModule>).run;
  if (typeof run !== 'function') {
    throw new ColocError(`'coloc ${spec.name}' is not available in this build (${spec.source} exports no run())`, EXIT.failure);
  }
  return mod as CommandModule;
}

/** Runs coloc with the given arguments (without `node` and the script) and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    let chosen: { spec: CommandSpec; args: Record<string, unknown> } | undefined;
    const first = argv[0];
    if (first !== undefined && !first.startsWith('-') && !COMMANDS.some((c) => c.name === first)) {
      throw new ColocError(`unknown command '${first}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})`, EXIT.usage);
    }
    const parser = yargs(argv)
      .scriptName('coloc')
      .usage('$0 <command> [options]\n\nPredict how much inference models slow each other down on a shared GPU.')
      .strict()
      .exitProcess(false)
      .help()
      .alias('h', 'help')
      .version(PACKAGE_VERSION)
      .wrap(Math.min(110, process.stdout.columns ?? 100))
      .fail((msg: string | null, err: Error | undefined) => {
        throw err ?? new ColocError((msg ?? 'invalid arguments').replace(/\s*\n\s*/g, ' '), EXIT.usage);
      })
      .demandCommand(1, 'no command given (try coloc --help)');
    for (const spec of COMMANDS) {
      parser.command(
        spec.name,
        spec.describe,
        (y) => {
          y.options(spec.options);
          for (const [cmd, what] of spec.examples) y.example(cmd, what);
          if (spec.epilog) y.epilog(spec.epilog);
          return y;
        },
        (args) => {
          chosen = { spec, args: args as Record<string, unknown> };
        },
      );
    }
    // yargs formats the chosen command's help after running its handler, to show it on a later failure; ours
    // fail with one line instead, and formatting it cost ~25 ms of every `coloc predict` (internal API of the
    // bundled yargs: where it is missing, the help is formatted as before).
    const usage = (parser as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } })
      .getInternalMethods?.()
      .getUsageInstance?.();
    if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
    let output = '';
    await parser.parseAsync(argv, {}, (_err, _args, out) => {
      output = out;
    });
    if (!chosen) {
      // --help or --version: yargs handed us the text instead of printing it.
      if (output) out(output);
      return EXIT.ok;
    }
    const mod = await loadCommand(chosen.spec);
    return await mod.run(chosen.args);
  } catch (e) {
    return reportError(e);
  }
}
