/** Process entry of the `shipwatch` command (bin/shipwatch.js): wires stdio and the exit code to runCli. */
import type { CliIO } from "./command.js";
import { runCli } from "./run.js";

const io: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

const code = await runCli(process.argv.slice(2), io);
// `serve` keeps running (it returns only on shutdown); other commands end the process with their code.
process.exitCode = code;
