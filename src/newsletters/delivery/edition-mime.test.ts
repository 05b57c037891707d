import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { exampleEdition, exampleEditionArticle } from '../../../test/newsletter-send-fixtures.ts';
import { personaliseEdition, type RecipientLinks } from '../edition/personalise.ts';
import { renderEdition, type RenderedEdition } from '../edition/render-edition.ts';
import { composeEditionMime, composeMessage } from './edition-mime.ts';

const date = new Date('2026-05-04T06:30:00Z');
const linksFor = (reader: string, tokenLength = 40): RecipientLinks => ({
  newsletterToken: (articleId) => `n1.${reader}.${articleId}.${'x'.repeat(tokenLength)}`,
  unsubscribeUrl: `https://gazette.example/newsletters/unsubscribe?token=u1.${reader}&source=mail`,
  preferencesUrl: `https://gazette.example/newsletters/preferences?token=p1.${reader}`,
});
const headers = { 'List-Unsubscribe': '<https://gazette.example/newsletters/unsubscribe?token=u1.ada>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };

/** A message's header block (unfolded, one entry a header) and its parts' bodies decoded. */
function readMessage(raw: string): { headers: Map<string, string>; parts: { type: string; encoding: string; body: string; lines: string[] }[] } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = new Map(
    head
      .replace(/\r?\n[ \t]+/g, ' ')
      .split(/\r?\n/)
      .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()] as const),
  );
  const boundary = /boundary="([^"]+)"/.exec(unfolded.get('content-type') ?? '')?.[1] ?? '';
  const body = rest.join('\r\n\r\n');
  const parts = body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((section) => {
      const [partHead = '', ...partBody] = section.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
      const encoded = partBody.join('\r\n\r\n').replace(/\r?\n$/, '');
      const encoding = /Content-Transfer-Encoding: (\S+)/i.exec(partHead)?.[1] ?? '';
      const decoded = encoding === 'base64' ? Buffer.from(encoded.replace(/\s+/g, ''), 'base64') : decodeQuotedPrintable(encoded);
      return {
        type: /Content-Type: ([^;\r\n]+)/i.exec(partHead)?.[1] ?? '',
        encoding,
        body: decoded.toString('utf8').replace(/\r\n/g, '\n'),
        lines: encoded.split(/\r?\n/),
      };
    });
  return { headers: unfolded, parts };
}

function decodeQuotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let index = 0; index < joined.length; index += 1) {
    if (joined[index] === '=') {
      bytes.push(Number.parseInt(joined.slice(index + 1, index + 3), 16));
      index += 2;
    } else bytes.push(...Buffer.from(joined[index] ?? ''));
  }
  return Buffer.from(bytes);
}

function mailComposerOf(rendered: RenderedEdition, links: RecipientLinks, to: string): Promise<Buffer> {
  const copy = personaliseEdition(rendered, links);
  return new MailComposer({ from: copy.from, to, subject: copy.subject, html: copy.html, text: copy.text, messageId: '<m@gazette.example>', date, headers })
    .compile()
    .build();
}

describe("an edition's MIME, composed once and filled per recipient", () => {
  const preview = renderEdition(exampleEdition(), 'preview');

  it('decodes to the personalised copy, text then HTML, with the headers MailComposer writes', async () => {
    const links = linksFor('ada');
    const ours = readMessage(
      composeMessage(composeEditionMime(preview), { to: 'ada@readers.example', messageId: '<m@gazette.example>', date, links, headers }).toString(),
    );
    const theirs = readMessage((await mailComposerOf(preview, links, 'ada@readers.example')).toString());
    const copy = personaliseEdition(preview, links);
    assert.deepEqual(
      ours.parts.map((part) => [part.type, part.body]),
      [
        ['text/plain', copy.text],
        ['text/html', copy.html],
      ],
    );
    assert.deepEqual(
      ours.parts.map((part) => part.body),
      theirs.parts.map((part) => part.body),
    );
    for (const header of ['from', 'to', 'subject', 'message-id', 'date', 'list-unsubscribe', 'list-unsubscribe-post', 'mime-version']) {
      assert.equal(ours.headers.get(header), theirs.headers.get(header), header);
    }
  });

  it('keeps every line within 76 characters and CRLF throughout, however long the values', () => {
    const raw = composeMessage(composeEditionMime(preview), {
      to: 'ada@readers.example',
      messageId: '<m@gazette.example>',
      date,
      links: linksFor('ada', 300),
      headers,
    }).toString();
    const message = readMessage(raw);
    for (const part of message.parts) for (const line of part.lines) assert.ok(line.length <= 76, `${line.length}: ${line}`);
    assert.equal(message.parts[1]?.body, personaliseEdition(preview, linksFor('ada', 300)).html);
    assert.doesNotMatch(raw, /[^\r]\n/);
  });

  it('fills each recipient their own values from one composition', () => {
    const mime = composeEditionMime(preview);
    const ada = readMessage(
      composeMessage(mime, { to: 'ada@readers.example', messageId: '<a@gazette.example>', date, links: linksFor('ada'), headers }).toString(),
    );
    const ben = readMessage(
      composeMessage(mime, { to: 'ben@readers.example', messageId: '<b@gazette.example>', date, links: linksFor('ben'), headers }).toString(),
    );
    assert.equal(ada.parts[0]?.body, personaliseEdition(preview, linksFor('ada')).text);
    assert.equal(ben.parts[0]?.body, personaliseEdition(preview, linksFor('ben')).text);
    assert.equal(ben.headers.get('to'), 'ben@readers.example');
  });

  it('encodes a part mostly in other scripts as base64, as MailComposer does', async () => {
    const greek = renderEdition(
      exampleEdition({
        subject: 'Σήμερα',
        introHtml: `<p>${'Καλημέρα σε όλους τους αναγνώστες μας. '.repeat(20)}</p>`,
        articles: [exampleEditionArticle({ headline: 'Συνομιλίες στο λιμάνι', standfirst: 'Οι διαπραγματευτές επιστρέφουν.', access: 'free' })],
      }),
      'preview',
    );
    const links = linksFor('ada');
    const ours = readMessage(
      composeMessage(composeEditionMime(greek), { to: 'ada@readers.example', messageId: '<m@gazette.example>', date, links, headers }).toString(),
    );
    const theirs = readMessage((await mailComposerOf(greek, links, 'ada@readers.example')).toString());
    assert.deepEqual(
      ours.parts.map((part) => [part.encoding, part.body]),
      theirs.parts.map((part) => [part.encoding, part.body]),
    );
    assert.equal(ours.headers.get('subject'), theirs.headers.get('subject'));
    for (const part of ours.parts) for (const line of part.lines) assert.ok(line.length <= 76);
  });

  it('writes an address with a non-ASCII domain in punycode, as nodemailer does, and cannot be given a header of its own', async () => {
    const ours = readMessage(
      composeMessage(composeEditionMime(preview), {
        to: 'reader@jõgeva.ee',
        messageId: '<m@gazette.example>',
        date,
        links: linksFor('ada'),
        headers,
      }).toString(),
    );
    const theirs = readMessage((await mailComposerOf(preview, linksFor('ada'), 'reader@jõgeva.ee')).toString());
    assert.equal(ours.headers.get('to'), theirs.headers.get('to'));
    const injected = readMessage(
      composeMessage(composeEditionMime(preview), {
        to: 'x@a.example\r\nBcc: y@b.example',
        messageId: '<m@gazette.example>',
        date,
        links: linksFor('ada'),
        headers,
      }).toString(),
    );
    assert.equal(injected.headers.get('bcc'), undefined);
  });
});
