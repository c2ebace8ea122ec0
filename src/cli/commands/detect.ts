/**
 * `shipwatch detect [--json] NUMBER...`: which carrier each tracking number belongs to, from its format and
 * check digit. Prints DESIGN.md's `{ trackingNumber, carrier, candidates: [{ carrier, format, checksumValid }] }`
 * per number (a JSON array with --json, a table otherwise). `carrier` is null unless exactly one carrier fits;
 * --prefer names the seller's carriers, which settle ties. Exit 0, or 2 for usage errors.
 */
import type { CliCommand } from "../command.js";
import { detectMany } from "../../carriers/detect/detect.js";
import type { DetectionResult } from "../../carriers/detect/types.js";

const USAGE = "shipwatch detect [--json] [--prefer CARRIER[,CARRIER...]] NUMBER...";

interface DetectArgs {
  json: boolean;
  preferred: string[];
  numbers: string[];
}

function parseArgs(argv: string[]): DetectArgs | { error: string } {
  const args: DetectArgs = { json: false, preferred: [], numbers: [] };
  const addPreferred = (list: string) => args.preferred.push(...list.split(",").filter(Boolean));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      args.numbers.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "--json") args.json = true;
    else if (arg === "--prefer") {
      const list = argv[++i];
      if (!list) return { error: "--prefer needs a comma-separated list of carrier ids" };
      addPreferred(list);
    } else if (arg.startsWith("--prefer=")) addPreferred(arg.slice("--prefer=".length));
    else if (arg.startsWith("-")) return { error: `unknown option ${arg}` };
    else args.numbers.push(arg);
  }
  if (args.numbers.length === 0) return { error: "missing NUMBER" };
  return args;
}

/** Exactly the DESIGN.md contract's fields, in its order, whatever else detection returns. */
function toContract(result: DetectionResult) {
  return {
    trackingNumber: result.trackingNumber,
    carrier: result.carrier,
    candidates: result.candidates.map(({ carrier, format, checksumValid }) => ({
      carrier,
      format,
      checksumValid,
    })),
  };
}

function formatTable(results: readonly DetectionResult[]): string {
  const rows = results.map((result) => [
    result.trackingNumber,
    result.carrier ?? (result.ambiguous ? "(ambiguous)" : "(unknown)"),
    result.candidates.length === 0
      ? "-"
      : result.candidates
          .map((c) => `${c.carrier}/${c.format} ${c.checksumValid ? "valid" : "check digit fails"}`)
          .join(", "),
  ]);
  const header = ["TRACKING NUMBER", "CARRIER", "CANDIDATES"];
  const widths = [0, 1].map((column) =>
    Math.max(...[header, ...rows].map((row) => (row[column] ?? "").length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell))
      .join("  ")
      .trimEnd();
  return `${[header, ...rows].map(line).join("\n")}\n`;
}

export const detectCommand: CliCommand = {
  name: "detect",
  summary: "Detect the carrier of tracking numbers from their format and check digit",
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv);
    if ("error" in args) {
      io.stderr(`shipwatch detect: ${args.error} (usage: ${USAGE})\n`);
      return 2;
    }
    const results = detectMany(args.numbers, { preferredCarriers: args.preferred });
    io.stdout(args.json ? `${JSON.stringify(results.map(toContract), null, 2)}\n` : formatTable(results));
    return 0;
  },
};
