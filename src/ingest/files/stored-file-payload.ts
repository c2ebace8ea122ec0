/**
 * Reading a stored file payload again (replay): an import stores each batch's original text raw — for CSV the
 * header row and the batch's rows, for EDI 214 the batch's transaction sets without the interchange envelope —
 * so the same file readers can turn it back into events after a mapping fix. The EDI envelope's ISA header only
 * carries the separators; the stored text keeps the element separator (the character after `ST`) and ends
 * segments with `~`, which is all a synthetic ISA needs to say.
 */
import { Readable } from "node:stream";
import type { ParseError, ParseOutput } from "../../core/events.js";
import type { RawInput } from "../raw-store.js";
import { csvRowToEvent, readCsvHeader, type ColumnIndex, type FileEvent } from "./csv-events.js";
import { readCsvRecords } from "./csv-records.js";
import { edi214Events } from "./edi214.js";
import { readX12Segments } from "./edi-segments.js";
import { fileEventsToParseOutput } from "./file-events-output.js";

/** The raw header that keeps an import's `--carrier` for EDI, so a replay reads the file as the import did. */
export const FILE_CARRIER_HEADER = "x-shipwatch-carrier";

/** True for the sources file imports store under (`file:csv`, `file:edi214`). */
export function isFileSource(source: string): boolean {
  return source === "file:csv" || source === "file:edi214";
}

/** An ISA header (exactly 106 characters) declaring `element` as the element separator and `~` as the terminator. */
function syntheticIsa(element: string): string {
  const isa = [
    "ISA",
    "00",
    " ".repeat(10),
    "00",
    " ".repeat(10),
    "ZZ",
    "SHIPWATCH".padEnd(15),
    "ZZ",
    "SHIPWATCH".padEnd(15),
    "000101",
    "0000",
    "U",
    "00401",
    "000000000",
    "0",
    "P",
    ">",
  ].join(element);
  return `${isa}~`;
}

/** The stored EDI text as a complete interchange the segment reader accepts. */
function asInterchange(text: string): string {
  const body = text.replace(/^\s+/, "");
  if (body.startsWith("ISA")) return body;
  const element = body.startsWith("ST") && body.length > 2 ? body[2]! : "*";
  return `${syntheticIsa(element)}\n${body}`;
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/** Re-reads a stored `file:csv` or `file:edi214` payload into events; unreadable rows become errors. */
export async function parseStoredFilePayload(input: RawInput): Promise<ParseOutput> {
  const text = input.body.toString("utf8");
  const events: FileEvent[] = [];
  const errors: ParseError[] = [];
  const problem = (line: number, message: string) =>
    errors.push({ code: "invalid_row", message: `line ${line}: ${message}`, carrierCode: null });
  if (input.source === "file:csv") {
    let columns: ColumnIndex | null = null;
    for await (const rec of readCsvRecords(once(text))) {
      if ("error" in rec) {
        problem(rec.line, rec.error);
        continue;
      }
      if (!columns) {
        const head = readCsvHeader(rec.fields);
        if ("error" in head) {
          problem(rec.line, `header: ${head.error}`);
          break;
        }
        columns = head.columns;
        continue;
      }
      const row = csvRowToEvent(rec, columns);
      if ("error" in row) problem(rec.line, row.error);
      else events.push(row);
    }
  } else {
    const carrier = input.headers?.[FILE_CARRIER_HEADER];
    const segments = readX12Segments(Readable.from([asInterchange(text)]));
    for await (const item of edi214Events(segments, carrier ? { carrier } : {})) {
      if ("error" in item) problem(item.line, item.error);
      else events.push(item.event);
    }
  }
  const output = fileEventsToParseOutput(events);
  if (events.length === 0)
    errors.unshift({
      code: "invalid_payload",
      message: `no event could be read from this ${input.source} payload`,
      carrierCode: null,
    });
  return { results: output.results, errors };
}
