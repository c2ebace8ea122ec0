/**
 * `shipwatch parse --carrier ID [--tracking-number N]... FILE`: runs a carrier adapter's pure parser on a saved
 * response and prints `{ results, errors }` as JSON (DESIGN.md contract). Exit 0 when the file was understood,
 * even as a carrier error response; exit 1 with a one-line reason when it is not a payload of that carrier; 2 for
 * usage errors. `--tracking-number` (repeatable) says which numbers the request asked for, for carriers whose
 * responses do not name the parcel (DPD, Sendle); other adapters read the numbers from the body.
 */
import { readFile } from "node:fs/promises";
import type { CliCommand } from "../command.js";
import { getCarrier, listCarriers } from "../../carriers/registry.js";
import { isInvalidPayload } from "../../carriers/shared/errors.js";

const USAGE = "shipwatch parse --carrier ID [--tracking-number N]... FILE";

interface ParseArgs {
  carrier?: string;
  file?: string;
  trackingNumbers: string[];
  error?: string;
}

function parseArgs(argv: string[]): ParseArgs {
  let carrier: string | undefined;
  const files: string[] = [];
  const trackingNumbers: string[] = [];
  const fail = (error: string): ParseArgs => ({ trackingNumbers, error });
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--carrier" || arg === "-c") {
      carrier = argv[++i];
      if (!carrier) return fail("--carrier needs a carrier id");
    } else if (arg.startsWith("--carrier=")) carrier = arg.slice("--carrier=".length);
    else if (arg === "--tracking-number" || arg === "-t") {
      const number = argv[++i]?.trim();
      if (!number) return fail("--tracking-number needs a tracking number");
      trackingNumbers.push(number);
    } else if (arg.startsWith("--tracking-number=")) {
      const number = arg.slice("--tracking-number=".length).trim();
      if (!number) return fail("--tracking-number needs a tracking number");
      trackingNumbers.push(number);
    } else if (arg.startsWith("-") && arg !== "-") return fail(`unknown option ${arg}`);
    else files.push(arg);
  }
  if (!carrier) return fail("missing --carrier ID");
  if (files.length !== 1) return fail(files.length === 0 ? "missing FILE" : "exactly one FILE expected");
  return { carrier, file: files[0], trackingNumbers };
}

export const parseCommand: CliCommand = {
  name: "parse",
  summary: "Parse a saved carrier response into normalized tracking JSON",
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv);
    if (args.error || !args.carrier || !args.file) {
      io.stderr(`shipwatch parse: ${args.error ?? "bad arguments"} (usage: ${USAGE})\n`);
      return 2;
    }
    const adapter = getCarrier(args.carrier);
    if (!adapter) {
      const known = listCarriers()
        .map((c) => c.id)
        .join(", ");
      io.stderr(`shipwatch parse: unknown carrier "${args.carrier}" (known: ${known})\n`);
      return 2;
    }
    let body: Buffer;
    try {
      body = await readFile(args.file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "error";
      io.stderr(`shipwatch parse: cannot read ${args.file} (${code})\n`);
      return 2;
    }
    const out = adapter.parse(
      body,
      undefined,
      args.trackingNumbers.length ? { trackingNumbers: args.trackingNumbers } : undefined,
    );
    if (isInvalidPayload(out)) {
      const reason = (out.errors[0]?.message ?? "not understood").replace(/\s+/g, " ");
      io.stderr(`shipwatch parse: ${args.file} is not a ${adapter.label} payload: ${reason}\n`);
      return 1;
    }
    io.stdout(`${JSON.stringify({ results: out.results, errors: out.errors }, null, 2)}\n`);
    return 0;
  },
};
