/**
 * The bench's SMTP server, in a process of its own as a real mail relay would be: it prints its port, counts
 * what it receives, and answers "count" on stdin with that number.
 */
import { createInterface } from "node:readline";
import { SMTPServer } from "smtp-server";

let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  disableReverseLookup: true,
  logger: false,
  onData(stream, _session, callback) {
    stream.on("data", () => undefined);
    stream.on("end", () => {
      received += 1;
      callback();
    });
  },
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${(server.server.address() as { port: number }).port}\n`);
});
createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() === "count") process.stdout.write(`${received}\n`);
  if (line.trim() === "exit") server.close(() => process.exit(0));
});
