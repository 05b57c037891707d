/** One record of a CSV file: its fields, and the line it starts on (counting from 1, as an editor shows it). */
export type CsvRecord = { line: number; fields: string[] };

/** Where a file stops being CSV; nothing after it can be read reliably. */
export type CsvBreak = { line: number; message: string };

/**
 * The records of a CSV file (RFC 4180: commas, fields quoted with doubled quotes inside, lines
 * ending in LF or CRLF) as the text arrives, chunk by chunk, so a file of any size is read in
 * bounded memory. A quoted field may run over several lines (a note of several paragraphs); its
 * record keeps the line it began on, and its line breaks as written. Blank lines are left out. Ends with a break when the text
 * is not CSV.
 */
export async function* readCsvRecords(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<CsvRecord | CsvBreak> {
  let fields: string[] = [];
  let field = '';
  let isQuoted = false;
  let isInQuotes = false;
  /** A quote inside quotes: the field's end, or the first of a doubled one, as the next character tells. */
  let isAfterQuote = false;
  let isAfterCarriageReturn = false;
  let isAfterQuotedCarriageReturn = false;
  let line = 1;
  let recordLine = 1;
  let isFirstChunk = true;
  const endRecord = (): CsvRecord | null => {
    fields.push(field);
    const record = fields.length === 1 && fields[0] === '' && !isQuoted ? null : { line: recordLine, fields };
    fields = [];
    field = '';
    isQuoted = false;
    return record;
  };
  for await (const chunk of chunks) {
    // A byte order mark, as spreadsheets on Windows write, is not part of the first column's name.
    const text = isFirstChunk ? chunk.replace(/^\uFEFF/, '') : chunk;
    isFirstChunk = false;
    for (const character of text) {
      if (isAfterCarriageReturn) {
        isAfterCarriageReturn = false;
        if (character === '\n') continue;
      }
      if (isInQuotes) {
        if (isAfterQuote) {
          isAfterQuote = false;
          if (character === '"') {
            field += '"';
            continue;
          }
          isInQuotes = false;
        } else {
          if (character === '"') isAfterQuote = true;
          else {
            // Kept as written (a note's CRLF stays CRLF); CRLF counts as one line.
            if (character === '\r' || (character === '\n' && !isAfterQuotedCarriageReturn)) line += 1;
            field += character;
          }
          isAfterQuotedCarriageReturn = character === '\r';
          continue;
        }
      }
      if (character === ',') {
        fields.push(field);
        field = '';
        isQuoted = false;
      } else if (character === '\n' || character === '\r') {
        const record = endRecord();
        if (record) yield record;
        line += 1;
        recordLine = line;
        isAfterCarriageReturn = character === '\r';
      } else if (character === '"') {
        if (field !== '' || isQuoted) {
          yield { line, message: 'has a quote inside a field that does not begin with one; put the whole field in quotes and double the quote' };
          return;
        }
        isQuoted = true;
        isInQuotes = true;
      } else if (isQuoted) {
        yield { line, message: 'has text after a quoted field ends; a quoted field ends at a comma or the end of the line' };
        return;
      } else field += character;
    }
  }
  if (isInQuotes && !isAfterQuote) {
    yield { line: recordLine, message: 'has a quoted field that is never closed' };
    return;
  }
  const record = endRecord();
  if (record) yield record;
}

/** One line of CSV, ending in CRLF as RFC 4180 has it; a field is quoted only when it must be. */
export function csvLineOf(fields: readonly string[]): string {
  return `${fields.map((field) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)).join(',')}\r\n`;
}
