/**
 * Importing an events file (Shipwatch CSV or EDI X12 214) through the ingest path, streamed: records are read one
 * at a time and ingested in batches, each batch's original text stored raw (source `file:csv` / `file:edi214`)
 * with the events read from it, so memory stays flat however long the file is. Bad records are reported with
 * their line number (the first 1,000 kept in the report, all counted) and every good one is kept.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import type { Readable } from "node:stream";
import type { Database } from "../../db/client.js";
import { ingestMany } from "../ingest.js";
import { csvRowToEvent, readCsvHeader, type ColumnIndex, type FileEvent } from "./csv-events.js";
import { readCsvRecords } from "./csv-records.js";
import { edi214Events } from "./edi214.js";
import { fileEventsToParseOutput } from "./file-events-output.js";
import { FILE_CARRIER_HEADER } from "./stored-file-payload.js";
import { readX12Segments } from "./edi-segments.js";

export type ImportFormat = "csv" | "edi214";

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number | null;
  records: number;
  events: number;
  errors: number;
}

export interface ImportOptions {
  format?: ImportFormat;
  /** EDI: the carrier of every transaction set (else read from the SCAC). */
  carrier?: string;
  /** Create shipments for tracking numbers not seen before (default true). */
  createMissingShipments?: boolean;
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportReport {
  file: string;
  format: ImportFormat;
  records: number;
  eventsRead: number;
  eventsAdded: number;
  duplicateEvents: number;
  errorCount: number;
  /** The first 1,000 problems, with the line they are on. */
  errors: { line: number; message: string }[];
}

const MAX_REPORTED_ERRORS = 1000;

/** The format of a file by its name, then by its first bytes. */
export function detectFormat(name: string, head: string): ImportFormat {
  if (/\.(edi|x12|214)$/i.test(name) || /^\s*ISA/.test(head)) return "edi214";
  return "csv";
}

/** Imports an events file from disk. */
export async function importEventsFile(
  db: Database,
  sellerId: string,
  path: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const size = (await stat(path)).size;
  let format = options.format;
  if (!format) {
    const head = await new Promise<string>((resolve, reject) => {
      const s = createReadStream(path, { start: 0, end: 255, encoding: "utf8" });
      let text = "";
      s.on("data", (c) => (text += c as string));
      s.on("end", () => resolve(text));
      s.on("error", reject);
    });
    format = detectFormat(path, head);
  }
  return importEventsStream(
    db,
    sellerId,
    createReadStream(path),
    { ...options, format },
    { name: basename(path), size },
  );
}

/** Imports events from a byte stream. */
export async function importEventsStream(
  db: Database,
  sellerId: string,
  stream: Readable | AsyncIterable<Buffer>,
  options: ImportOptions & { format: ImportFormat },
  file: { name: string; size: number | null },
): Promise<ImportReport> {
  const report: ImportReport = {
    file: file.name,
    format: options.format,
    records: 0,
    eventsRead: 0,
    eventsAdded: 0,
    duplicateEvents: 0,
    errorCount: 0,
    errors: [],
  };
  const progress: ImportProgress = { bytesRead: 0, totalBytes: file.size, records: 0, events: 0, errors: 0 };
  const batchSize = options.batchSize ?? 1000;
  let batch: FileEvent[] = [];
  let rawParts: string[] = [];
  const rawSeen = new Set<string>();
  let header = "";

  const fail = (line: number, message: string) => {
    report.errorCount += 1;
    progress.errors += 1;
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, message });
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const body = options.format === "csv" ? [header, ...rawParts].join("\n") : rawParts.join("~\n");
    const output = fileEventsToParseOutput(batch);
    const result = await ingestMany(
      db,
      sellerId,
      [
        {
          source: `file:${options.format}`,
          contentType: options.format === "csv" ? "text/csv" : "application/edi-x12",
          body: Buffer.from(body),
          headers: {
            "x-shipwatch-file": file.name,
            ...(options.carrier ? { [FILE_CARRIER_HEADER]: options.carrier } : {}),
          },
        },
      ],
      { normalize: () => output, createMissingShipments: options.createMissingShipments ?? true },
    );
    report.eventsAdded += result.eventsAdded;
    report.duplicateEvents += result.duplicateEvents;
    batch = [];
    rawParts = [];
    rawSeen.clear();
    options.onProgress?.({ ...progress });
  };

  async function* counted(): AsyncGenerator<string> {
    const decoder = new TextDecoder("utf-8");
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      progress.bytesRead += chunk.length;
      yield decoder.decode(chunk, { stream: true });
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }

  if (options.format === "csv") {
    let columns: ColumnIndex | null = null;
    for await (const rec of readCsvRecords(counted())) {
      if ("error" in rec) {
        fail(rec.line, rec.error);
        continue;
      }
      if (!columns) {
        const head = readCsvHeader(rec.fields);
        if ("error" in head) {
          fail(rec.line, `header: ${head.error}`);
          break;
        }
        columns = head.columns;
        header = rec.raw;
        continue;
      }
      report.records += 1;
      progress.records += 1;
      const row = csvRowToEvent(rec, columns);
      if ("error" in row) fail(rec.line, row.error);
      else {
        batch.push(row);
        rawParts.push(rec.raw);
        report.eventsRead += 1;
        progress.events += 1;
      }
      if (batch.length >= batchSize) await flush();
    }
  } else {
    for await (const item of edi214Events(readX12Segments(counted()), { carrier: options.carrier })) {
      if ("error" in item) {
        fail(item.line, item.error);
        continue;
      }
      report.records += 1;
      progress.records += 1;
      batch.push(item.event);
      if (!rawSeen.has(item.raw)) {
        rawSeen.add(item.raw);
        rawParts.push(item.raw);
      }
      report.eventsRead += 1;
      progress.events += 1;
      if (batch.length >= batchSize) await flush();
    }
  }
  await flush();
  options.onProgress?.({ ...progress });
  return report;
}
