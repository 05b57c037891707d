import { randomBytes } from 'node:crypto';
import { domainToASCII } from 'node:url';
import mimeFuncs from 'nodemailer/lib/mime-funcs/index.js';
import quotedPrintable from 'nodemailer/lib/qp/index.js';
import { type CutEdition, type CutPart, cutEdition, fillPart, type RecipientLinks, slotValuesOf } from '../edition/personalise.ts';
import type { RenderedEdition } from '../edition/render-edition.ts';

/**
 * A rendered edition composed as MIME once, for all its recipients, with its holes left open: a
 * recipient's message is then their headers and the encoded text joined around their encoded
 * values, not a MIME composition of its own (nodemailer's MailComposer took most of the sender's
 * CPU: docs/decisions/0038). What it writes is what MailComposer writes for the same copy
 * (multipart/alternative, text then HTML, UTF-8, the headers encoded and folded by nodemailer's
 * own functions), in CRLF throughout, so the SMTP connection's dot-stuffing has nothing to rewrite.
 *
 * Each part is quoted-printable when most of its letters are Latin, as MailComposer chooses, and
 * base64 otherwise. Quoted-printable lets the holes stay open: every piece (a literal between
 * holes, or a value) is encoded and wrapped on its own and ends in a soft line break, which a
 * decoder removes, so no line passes 76 characters however long a recipient's values are. A base64
 * part is filled and encoded whole for each recipient, since its groups of three bytes run across
 * the holes; Node encodes base64 natively.
 */
export type EditionMime = {
  cut: CutEdition;
  /** The envelope's sender, MAIL FROM. */
  fromAddress: string;
  /** From and Subject, encoded and folded, each line ending in CRLF. */
  fixedHeaders: string;
  /** MIME-Version and the multipart Content-Type, then the text part's headers: what follows the recipient's headers. */
  bodyStart: string;
  text: EncodedPart;
  /** The delimiter and the HTML part's headers, between the two parts. */
  between: string;
  html: EncodedPart;
  /** The closing delimiter. */
  bodyEnd: string;
};

type EncodedPart =
  /** `literals` already encoded; each (but the last) ends where a value may follow on a line of its own. */
  { encoding: 'quoted-printable'; literals: string[]; fills: number[] } | { encoding: 'base64'; part: CutPart };

/** What a recipient's message adds to the edition's: their address, the message's id and date, and their links. */
export type MimeRecipient = { to: string; messageId: string; date: Date; links: RecipientLinks; headers: Readonly<Record<string, string>> };

/** RFC 2045 §6.7: 76 characters a line. Each piece wraps one shorter, leaving room for the soft break's "=" after its last line. */
const pieceLineLength = 75;
const softBreak = '=\r\n';

const crlf = (text: string) => text.replace(/\r?\n|\r/g, '\r\n');

/** nodemailer's encodeWords takes a fourth argument, to encode the whole value, that its type declarations leave out; it calls its siblings through `this`. */
const encodeWords: (value: string, encoding: 'Q' | 'B', maxLength: number, isWhole: boolean) => string = mimeFuncs.encodeWords.bind(mimeFuncs);

/** A header as nodemailer writes it: folded at 76 characters. */
const headerLine = (key: string, value: string) => `${mimeFuncs.foldLines(`${key}: ${value}`, 76)}\r\n`;

/** MailComposer's choice, for parts and headers alike: quoted-printable for text mostly in Latin letters, base64 for the rest (where it is the shorter). */
function isMostlyLatin(text: string): boolean {
  let latin = 0;
  let other = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin += 1;
    else if (code >= 0x80 || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d)) other += 1;
  }
  return other < latin;
}

/** One piece of quoted-printable, ending in a soft line break unless it is empty or already ends a line. */
function encodePiece(text: string): string {
  const encoded = quotedPrintable.wrap(quotedPrintable.encode(text), pieceLineLength);
  return encoded === '' || encoded.endsWith('\n') ? encoded : encoded + softBreak;
}

function encodePart(part: CutPart): EncodedPart {
  const literals = part.literals.map(crlf);
  if (!isMostlyLatin(literals.join(''))) return { encoding: 'base64', part: { literals, fills: part.fills } };
  // The last literal ends the part: a soft break after it would join the part to the delimiter's line.
  const encoded = literals.map((literal, index) =>
    index === literals.length - 1 ? quotedPrintable.wrap(quotedPrintable.encode(literal), 76) : encodePiece(literal),
  );
  return { encoding: 'quoted-printable', literals: encoded, fills: part.fills };
}

function writePart(part: EncodedPart, values: readonly string[]): string {
  if (part.encoding === 'base64') {
    const encoded = Buffer.from(fillPart(part.part, values)).toString('base64');
    let wrapped = '';
    for (let start = 0; start < encoded.length; start += 76) wrapped += `${encoded.slice(start, start + 76)}\r\n`;
    return wrapped;
  }
  const { literals, fills } = part;
  let written = literals[0] ?? '';
  for (let index = 0; index < fills.length; index += 1) written += encodePiece(values[fills[index] ?? -1] ?? '') + (literals[index + 1] ?? '');
  // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1), not to the part.
  return `${written}\r\n`;
}

/**
 * An address as a header gives it, as nodemailer's does: the domain in ASCII (punycode) when the
 * local part is ASCII; an address that is UTF-8 throughout is left so (SMTPUTF8). Nothing that
 * could end the header or open another is kept.
 */
function headerAddressOf(address: string): string {
  const cleaned = address.replace(/[\p{Cc}<>]+/gu, '').trim();
  const at = cleaned.lastIndexOf('@');
  if (at < 0 || /^[\x20-\x7e]*$/.test(cleaned)) return cleaned;
  const local = cleaned.slice(0, at);
  const domain = cleaned.slice(at + 1);
  if (/[^\x20-\x7e]/.test(local)) return cleaned;
  return `${local}@${domainToASCII(domain) || domain}`;
}

/** A display name as nodemailer writes it: bare when it is words, quoted when it is other ASCII, MIME-encoded otherwise. */
function displayNameOf(name: string): string {
  if (/^[\w ]*$/.test(name)) return name;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/([\\"])/g, '\\$1')}"`;
  return mimeFuncs.encodeWord(name, isMostlyLatin(name) ? 'Q' : 'B', 52);
}

/** Composes a rendered edition's MIME, once for all the recipients of its variant. */
export function composeEditionMime(rendered: RenderedEdition): EditionMime {
  const cut = cutEdition(rendered);
  // "=_" can never occur in quoted-printable text (an "=" there starts a hex pair or a soft break) nor in base64: no part can hold the boundary.
  const boundary = `=_dateline_${randomBytes(12).toString('hex')}`;
  const fromAddress = headerAddressOf(rendered.from.address);
  const name = rendered.from.name.replace(/[\r\n]+/g, ' ');
  const subject = rendered.subject.replace(/[\r\n]+/g, ' ');
  const text = encodePart(cut.text);
  const html = encodePart(cut.html);
  const partHeaders = (type: string, part: EncodedPart) =>
    `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: ${part.encoding}\r\n\r\n`;
  return {
    cut,
    fromAddress,
    fixedHeaders:
      headerLine('From', name === '' ? fromAddress : `${displayNameOf(name)} <${fromAddress}>`) +
      // Encoded whole when any of it must be, as nodemailer does: some clients drop the spaces between encoded words and plain ones.
      headerLine('Subject', encodeWords(subject, isMostlyLatin(subject) ? 'Q' : 'B', 52, true)),
    bodyStart: `MIME-Version: 1.0\r\nContent-Type: multipart/alternative;\r\n boundary="${boundary}"\r\n\r\n${partHeaders('text/plain', text)}`,
    text,
    between: partHeaders('text/html', html),
    html,
    bodyEnd: `--${boundary}--\r\n`,
  };
}

/** One recipient's message: their headers, then the edition's parts with their values in the holes. */
export function composeMessage(mime: EditionMime, recipient: MimeRecipient): Buffer {
  const values = slotValuesOf(mime.cut, recipient.links);
  let headers = `${mime.fixedHeaders}${headerLine('To', headerAddressOf(recipient.to))}${headerLine('Message-ID', recipient.messageId)}`;
  headers += `Date: ${recipient.date.toUTCString().replace('GMT', '+0000')}\r\n`;
  for (const [key, value] of Object.entries(recipient.headers)) headers += headerLine(key, value.replace(/[\r\n]+/g, ' '));
  return Buffer.from(headers + mime.bodyStart + writePart(mime.text, values.text) + mime.between + writePart(mime.html, values.html) + mime.bodyEnd);
}
