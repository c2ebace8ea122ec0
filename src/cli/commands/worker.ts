/** `shipwatch worker`: job workers only — the same as `shipwatch serve --role worker` (needs DATABASE_URL). */
import type { CliCommand } from "../command.js";
import { serveCommand } from "./serve.js";

export const workerCommand: CliCommand = {
  name: "worker",
  summary: "Run job workers only (serve --role worker; needs DATABASE_URL)",
  usage: "shipwatch worker [--port N] [--host H]   (same as `shipwatch serve --role worker`)",
  run: (argv, io) => serveCommand.run(["--role", "worker", ...argv], io),
};
