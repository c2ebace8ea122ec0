/** `shipwatch carriers [--json]`: lists the carrier adapters and what each can do. */
import type { CliCommand } from "../command.js";
import { listCarriers } from "../../carriers/registry.js";
import type { CarrierAdapter } from "../../carriers/types.js";

export interface CarrierCapabilities {
  id: string;
  label: string;
  api: string;
  auth: string;
  /** The carrier pushes updates (webhook adapter present). */
  push: boolean;
  /** Shipwatch can poll the carrier (client present). */
  poll: boolean;
  statusCodesMapped: number;
  defaultBaseUrl: string;
}

/** The capabilities row of one adapter. */
export function carrierCapabilities(adapter: CarrierAdapter): CarrierCapabilities {
  return {
    id: adapter.id,
    label: adapter.label,
    api: adapter.api,
    auth: adapter.auth,
    push: adapter.webhook !== undefined,
    poll: adapter.createClient !== undefined,
    statusCodesMapped: Object.keys(adapter.statusMap).length,
    defaultBaseUrl: adapter.defaultBaseUrl,
  };
}

function table(rows: CarrierCapabilities[]): string {
  const header = ["id", "label", "api", "auth", "push", "poll", "codes"];
  const lines = rows.map((r) => [
    r.id,
    r.label,
    r.api,
    r.auth,
    r.push ? "yes" : "no",
    r.poll ? "yes" : "no",
    String(r.statusCodesMapped),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [fmt(header), ...lines.map(fmt)].join("\n");
}

export const carriersCommand: CliCommand = {
  name: "carriers",
  summary: "List carrier adapters with their API, auth, push/poll support and mapped status codes",
  usage: "shipwatch carriers [--json]",
  run(argv, io) {
    const unknown = argv.find((a) => a !== "--json");
    if (unknown) {
      io.stderr(`shipwatch carriers: unknown argument ${unknown} (usage: shipwatch carriers [--json])\n`);
      return Promise.resolve(2);
    }
    const rows = listCarriers().map(carrierCapabilities);
    io.stdout(argv.includes("--json") ? `${JSON.stringify(rows, null, 2)}\n` : `${table(rows)}\n`);
    return Promise.resolve(0);
  },
};
