import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { csvLineOf, readCsvRecords, type CsvBreak, type CsvRecord } from './reader-csv.ts';

async function read(chunks: readonly string[]): Promise<(CsvRecord | CsvBreak)[]> {
  const records: (CsvRecord | CsvBreak)[] = [];
  for await (const record of readCsvRecords(chunks)) records.push(record);
  return records;
}

describe('reading CSV', () => {
  it('gives each record its fields and the line it begins on, leaving out blank lines and a byte order mark', async () => {
    assert.deepEqual(await read(['\uFEFFemail,name\r\n\r\nada@example.org,Ada\nben@example.org,\n']), [
      { line: 1, fields: ['email', 'name'] },
      { line: 3, fields: ['ada@example.org', 'Ada'] },
      { line: 4, fields: ['ben@example.org', ''] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, however the text is cut into chunks', async () => {
    const text = 'a,"b, ""quoted""\r\nover two lines",c\r\nnext,"",x';
    const whole = await read([text]);
    assert.deepEqual(whole, [
      { line: 1, fields: ['a', 'b, "quoted"\r\nover two lines', 'c'] },
      { line: 3, fields: ['next', '', 'x'] },
    ]);
    for (let cut = 1; cut < text.length; cut += 1) assert.deepEqual(await read([text.slice(0, cut), text.slice(cut)]), whole, `cut at ${cut}`);
  });

  it('stops at text that is not CSV, naming its line', async () => {
    assert.deepEqual(await read(['a,b\nc,d"e\n']), [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, message: 'has a quote inside a field that does not begin with one; put the whole field in quotes and double the quote' },
    ]);
    assert.deepEqual((await read(['"a"b,c'])).at(-1), {
      line: 1,
      message: 'has text after a quoted field ends; a quoted field ends at a comma or the end of the line',
    });
    assert.deepEqual(await read(['x\n"open,\nstill open']), [
      { line: 1, fields: ['x'] },
      { line: 2, message: 'has a quoted field that is never closed' },
    ]);
  });

  it('reads back every line it writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }), async (rows) => {
        const records = await read([rows.map(csvLineOf).join('')]);
        // A record of two or more fields is never a blank line, so every row comes back.
        assert.deepEqual(
          records.map((record) => ('fields' in record ? record.fields : record)),
          rows,
        );
      }),
    );
  });
});
