/**
 * A streaming CSV tokenizer (RFC 4180 plus the usual tolerance): quoted fields with doubled quotes, delimiters
 * and newlines inside quotes, CRLF/LF/CR line ends, a UTF-8 BOM, a stray quote inside an unquoted field kept
 * as text. The delimiter is detected from the header line (comma, semicolon or tab). Chunk boundaries may
 * fall anywhere, including between the two quotes of an escaped quote or between CR and LF.
 */

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  readonly line: number;
  readonly fields: string[];
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

const State = { FieldStart: 0, Unquoted: 1, Quoted: 2, QuoteInQuoted: 3 } as const;
type State = (typeof State)[keyof typeof State];

function detectDelimiter(text: string): number {
  const end = text.search(/[\r\n]/);
  const head = end === -1 ? text : text.slice(0, end);
  const candidates = [",", ";", "\t"];
  let best = ",";
  let bestCount = 0;
  for (const d of candidates) {
    const count = head.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best.charCodeAt(0);
}

/** Splits a stream of text chunks into records, skipping blank lines. */
export async function* readCsvRecords(
  chunks: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<CsvRecord> {
  let delimiter = -1;
  let state: State = State.FieldStart;
  let fields: string[] = [];
  let field = "";
  let skipLf = false;
  let line = 1;
  let recordLine = 1;
  let header = "";

  for await (let chunk of chunks) {
    if (delimiter === -1) {
      // Wait for the whole header line (or end of input) before choosing the delimiter.
      header += chunk;
      if (!/[\r\n]/.test(header)) continue;
      chunk = header.charCodeAt(0) === 0xfeff ? header.slice(1) : header;
      delimiter = detectDelimiter(chunk);
    }
    const ready: CsvRecord[] = [];
    let runStart = 0;
    const endRecord = (): void => {
      fields.push(field);
      field = "";
      if (!(fields.length === 1 && fields[0] === "")) ready.push({ line: recordLine, fields });
      fields = [];
      line++;
      recordLine = line;
      state = State.FieldStart;
    };
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (skipLf) {
        skipLf = false;
        if (c === LF) {
          runStart = i + 1;
          continue;
        }
      }
      switch (state) {
        case State.FieldStart:
          if (c === QUOTE) {
            state = State.Quoted;
            runStart = i + 1;
          } else if (c === delimiter) {
            fields.push("");
          } else if (c === LF || c === CR) {
            endRecord();
            skipLf = c === CR;
          } else {
            state = State.Unquoted;
            runStart = i;
          }
          break;
        case State.Unquoted:
          if (c === delimiter) {
            fields.push(field + chunk.slice(runStart, i));
            field = "";
            state = State.FieldStart;
          } else if (c === LF || c === CR) {
            field += chunk.slice(runStart, i);
            endRecord();
            skipLf = c === CR;
          }
          break;
        case State.Quoted:
          if (c === QUOTE) {
            field += chunk.slice(runStart, i);
            state = State.QuoteInQuoted;
          } else if (c === LF) {
            line++;
          }
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            field += '"';
            state = State.Quoted;
            runStart = i + 1;
          } else if (c === delimiter) {
            fields.push(field);
            field = "";
            state = State.FieldStart;
          } else if (c === LF || c === CR) {
            endRecord();
            skipLf = c === CR;
          } else {
            // Text after a closing quote ("ab"c): keep it rather than lose the row.
            state = State.Unquoted;
            runStart = i;
          }
          break;
      }
    }
    if (state === State.Unquoted || state === State.Quoted) field += chunk.slice(runStart);
    yield* ready;
  }
  if (delimiter === -1 && header !== "") {
    // Input without any line end: a header only, or a single line.
    yield* readCsvRecords([header + "\n"]);
    return;
  }
  if (state !== State.FieldStart || fields.length > 0) {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === "")) yield { line: recordLine, fields };
  }
}
