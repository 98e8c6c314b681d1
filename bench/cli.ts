// Command-line options shared by the benchmarks (api.ts, build.ts, import.ts, load.ts): each one
// declares its own options and usage text; --help, --keep, --tmp and --seed, and the wording of a
// bad number, are the same everywhere. Errors are thrown: each script reports them its own way.
// Also what the two autocannon benchmarks share about its warnings.
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

const commonOptions = {
  keep: { type: 'boolean', default: false },
  tmp: { type: 'string', default: tmpdir() },
  seed: { type: 'string', default: '1' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsOptionsConfig;

/** What parseArgs gives for a script's own options plus the common ones, typed from their specs. */
type Values<Own extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: Own & typeof commonOptions; strict: true; allowPositionals: false }>>['values'];

export interface CommonOptions {
  /** Keep the temporary folder. */
  keep: boolean;
  /** Where to make the temporary folder, made absolute: child processes run in other folders. */
  tmp: string;
  seed: number;
}

/**
 * Parses `argv` with the script's own options and the common ones; on --help prints `usage` and
 * exits 0. Unknown options and positionals throw (strict). The script's own values come back as
 * parseArgs gives them, for it to check (with wholeNumber and the like); the common ones checked.
 */
export function parseCommandLine<const Own extends ParseArgsOptionsConfig>(
  argv: string[],
  usage: string,
  own: Own,
): { values: Omit<Values<Own>, keyof typeof commonOptions>; common: CommonOptions } {
  // Typed here by the common options only; the script's own are typed by the return type, from their specs.
  const options: ParseArgsOptionsConfig = { ...own, ...commonOptions };
  const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  const { help, keep, tmp, seed, ...ownValues } = values as { help: boolean; keep: boolean; tmp: string; seed: string };
  if (help) {
    console.log(usage);
    process.exit(0);
  }
  // seededRandom takes the seed modulo 2³², so a negative or fractional one would only be another name for one of these.
  return { values: ownValues as Omit<Values<Own>, keyof typeof commonOptions>, common: { keep, tmp: resolve(tmp), seed: wholeNumber('seed', seed, 0) } };
}

function checkNumber(name: string, text: string, min: number, whole: boolean): number {
  // Number('') is 0: an empty value must not pass for one.
  const n = text.trim() === '' ? NaN : Number(text);
  if (!(whole ? Number.isInteger(n) : Number.isFinite(n)) || n < min) throw new Error(`--${name} must be a ${whole ? 'whole ' : ''}number ≥ ${min}, got "${text}"`);
  return n;
}

/**
 * The script's options from its command line, or undefined once it has said why they are wrong
 * and shown its usage (the script then exits 2).
 */
export function optionsOrUsage<T>(parse: (argv: string[]) => T, usage: string, argv: string[] = process.argv.slice(2)): T | undefined {
  try {
    return parse(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    console.error(usage);
    return undefined;
  }
}

/** The value of --name as a whole number ≥ min (counts, seeds, workers), or an error naming the option. */
export function wholeNumber(name: string, text: string, min: number): number {
  return checkNumber(name, text, min, true);
}

/** The same for a value that may have a fraction (seconds for autocannon, which takes them). */
export function decimalNumber(name: string, text: string, min: number): number {
  return checkNumber(name, text, min, false);
}

/**
 * autocannon's timers warn (TimeoutNegativeWarning) when a response is later than its own
 * bookkeeping expected; the figures already show those latencies. Every other warning still shows.
 */
export function silenceAutocannonTimerWarnings(): void {
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === 'TimeoutNegativeWarning' || (warning instanceof Error && warning.name === 'TimeoutNegativeWarning')) return;
    (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}
