/**
 * The `shipwatch` command. Each subcommand lives in src/cli/commands/ and is loaded only when asked for,
 * so `shipwatch detect` starts in milliseconds without opening a database.
 */
import type { CliCommand, CliIO } from "./command.js";

const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  serve: {
    summary: "Run the API, dashboard and job workers (--role api|worker|all, --demo)",
    load: async () => (await import("./commands/serve.js")).serveCommand,
  },
  migrate: {
    summary: "Apply database migrations and exit",
    load: async () => (await import("./commands/migrate.js")).migrateCommand,
  },
  detect: {
    summary: "Detect the carrier of tracking numbers",
    load: async () => (await import("./commands/detect.js")).detectCommand,
  },
  parse: {
    summary: "Parse a carrier tracking response file into normalized JSON",
    load: async () => (await import("./commands/parse.js")).parseCommand,
  },
  carriers: {
    summary: "List carrier adapters and their capabilities",
    load: async () => (await import("./commands/carriers.js")).carriersCommand,
  },
  eta: {
    summary: "Delivery-window model: train it now, or score it on a history (eta train | eta backtest ...)",
    load: async () => (await import("./commands/eta.js")).etaCommand,
  },
  import: {
    summary: "Import scans (CSV, EDI X12 214), orders or past deliveries (import events|orders|history FILE)",
    load: async () => (await import("./commands/import.js")).importCommand,
  },
  worker: {
    summary: "Run job workers only (serve --role worker; needs DATABASE_URL)",
    load: async () => (await import("./commands/worker.js")).workerCommand,
  },
  seller: {
    summary: "Create a seller with its owner's sign-up link and an admin API key; new invitation links",
    load: async () => (await import("./commands/seller.js")).sellerCommand,
  },
  replay: {
    summary: "Re-parse stored raw payloads with today's adapters and recompute state",
    load: async () => (await import("./commands/replay.js")).replayCommand,
  },
};

/** The names of every command. */
export function commandNames(): string[] {
  return Object.keys(COMMANDS);
}

function help(io: CliIO): void {
  io.stdout("Usage: shipwatch <command> [options]\n\nCommands:\n");
  for (const [name, { summary }] of Object.entries(COMMANDS)) io.stdout(`  ${name.padEnd(10)} ${summary}\n`);
  io.stdout("\nRun `shipwatch <command> --help` for a command's options.\n");
}

/** Runs the command line `argv` (without node and the script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    help(io);
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`shipwatch: unknown command '${name}'. Run 'shipwatch help'.\n`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  return command.run(rest, io);
}
