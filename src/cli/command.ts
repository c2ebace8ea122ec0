/** The shape of one `shipwatch` subcommand: one file per command under src/cli/commands/. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Environment the command reads configuration from (process.env in production). */
  env: Readonly<Record<string, string | undefined>>;
}

export interface CliCommand {
  readonly name: string;
  /** One line for `shipwatch help`. */
  readonly summary: string;
  readonly usage: string;
  /** Returns the process exit code. */
  run(argv: string[], io: CliIO): Promise<number>;
}
