/**
 * A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, commas and newlines inside quotes, CRLF or LF)
 * that yields one record at a time with the line it starts on, so a million-row file is read in constant memory
 * and a bad row can be named by its line number. The raw text of each record is kept for raw-first storage.
 */

export interface CsvRecord {
  /** 1-based line number where the record starts. */
  line: number;
  fields: string[];
  /** The record's text as it was in the file (without its line ending). */
  raw: string;
}

/** Reads CSV records from a stream of text chunks. An unterminated quote at the end is reported as an error. */
export async function* readCsvRecords(
  chunks: AsyncIterable<string | Buffer>,
): AsyncGenerator<CsvRecord | { line: number; error: string }> {
  let fields: string[] = [];
  let field = "";
  let raw = "";
  let inQuotes = false;
  let quoteJustClosed = false;
  let line = 1;
  let recordLine = 1;
  let pendingCR = false;
  const endRecord = (): CsvRecord => {
    fields.push(field);
    const record = { line: recordLine, fields, raw };
    fields = [];
    field = "";
    raw = "";
    return record;
  };
  for await (const chunk of chunks) {
    const text = typeof chunk === "string" ? chunk : chunk.toString("utf8");
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (pendingCR) {
        pendingCR = false;
        if (c === "\n") continue; // CRLF: the record already ended at CR
      }
      if (inQuotes) {
        if (c === '"') {
          inQuotes = false;
          quoteJustClosed = true;
        } else {
          if (c === "\n") line += 1;
          field += c;
        }
        raw += c;
        continue;
      }
      if (c === '"') {
        if (quoteJustClosed) field += '"'; // "" inside a quoted field
        inQuotes = true;
        quoteJustClosed = false;
        raw += c;
        continue;
      }
      quoteJustClosed = false;
      if (c === ",") {
        fields.push(field);
        field = "";
        raw += c;
      } else if (c === "\n" || c === "\r") {
        pendingCR = c === "\r";
        const record = endRecord();
        line += 1;
        recordLine = line;
        if (!(record.fields.length === 1 && record.fields[0] === "")) yield record;
      } else {
        field += c;
        raw += c;
      }
    }
  }
  if (inQuotes) yield { line: recordLine, error: "unterminated quoted field at the end of the file" };
  else if (field !== "" || fields.length > 0) yield endRecord();
}
