import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { staffRoles } from './accounts/account.ts';
import { AccountError } from './accounts/account-errors.ts';
import { issueLoginLink } from './accounts/login-links.ts';
import { createStaffAccount } from './accounts/staff.ts';
import { BackupError } from './backup/backup-error.ts';
import type { BackupCounts } from './backup/backup-manifest.ts';
import { restoreBackup } from './backup/restore-backup.ts';
import { takeBackup } from './backup/take-backup.ts';
import { ConfigError, locateData, secretFileOf } from './config/config.ts';
import { DatabaseUnavailableError } from './db/database.ts';
import { loadDemoPublication } from './demo/load-demo.ts';
import { mediaDirOf } from './content/media-folder.ts';
import { archiveFile } from './import/archive-file.ts';
import { describeProblem } from './import/archive-line.ts';
import { importArchive } from './import/import-archive.ts';
import { ImportError } from './import/import-error.ts';
import { createStripeClient } from './commerce/stripe/stripe-provider.ts';
import { parseEmailEventFile } from './newsletters/suppression/email-events.ts';
import { applyEmailEvents } from './newsletters/suppression/suppress-address.ts';
import { exportReaders } from './readers/export-readers.ts';
import { importReaders, readerFile } from './readers/import-readers.ts';
import { describeReaderFileProblem } from './readers/reader-file.ts';
import { completeRenditions, configFromEnvironment, prepareDatabase } from './start.ts';

const usage = `Usage: npm run dateline -- <command>

Commands:
  migrate                          bring the database schema up to date
  demo:load                        load (or refresh) the demo publication, even into a database that has content
  media:renditions                 make the image renditions the library lacks (new widths and
                                   formats); npm start does it too before serving, so run it ahead of
                                   an upgrade to keep a large library's start short
  staff:create <email> [name] [--role editor]
                                   create a staff account (role contributor, author, editor or admin;
                                   default admin) and print a one-time link to log in with
  backup <dir>                     write a consistent backup of the database and media into the new
                                   folder <dir>, while the site keeps running
  restore <dir>                    restore the backup in <dir> into the configured data folder and
                                   database, which must be empty; then npm start
  import <file.jsonl>              import an archive, one article a line as a JSON object: section
                                   (the slug of a section the site has), slug, headline, standfirst,
                                   dateline, authors (names, or slugs of the site's authors; the
                                   missing are created), body (Markdown), access (default metered),
                                   publishedAt (with its offset, as 2019-03-14T09:30:00Z) or
                                   status "draft", previewBlockCount. The whole file is checked
                                   first and nothing is imported if a line is wrong; an article
                                   already there is skipped, so the import can be run again after an
                                   interruption. Images are not imported.
  readers:import <file.csv>        import readers from Ghost's members export (email, name, note,
                                   subscribed_to_emails, complimentary_plan, stripe_customer_id,
                                   created_at, labels) or from Dateline's own export. The whole file
                                   is checked first and nothing is imported if a line is wrong; a
                                   reader whose address has an account is skipped, so the import can
                                   be run again after an interruption. With STRIPE_SECRET_KEY set, a
                                   Stripe customer's live subscription is linked through Stripe;
                                   otherwise subscriptions are taken from the file as they stand.
  readers:export [file.csv]        write every reader in Dateline's export format (to the file, or
                                   to standard output), which readers:import takes back
  email-events <file>              apply an e-mail service's bounces and complaints (CSV with the
                                   columns email, kind and optionally detail, or the JSON list
                                   POST /webhooks/email takes): a hard bounce or a complaint stops
                                   every newsletter to the address; other kinds change nothing
  help                             show this text

The database and data folder come from the same environment as npm start (DATA_DIR, DATABASE_URL).`;

async function createStaff(args: string[], role: string): Promise<number> {
  const [email, name = '', ...extra] = args;
  if (email === undefined || extra.length > 0) {
    console.error(`dateline: staff:create takes an e-mail address and, optionally, a name\n\n${usage}`);
    return 2;
  }
  const staffRole = staffRoles.find((candidate) => candidate === role);
  if (staffRole === undefined) {
    console.error(`dateline: --role must be one of contributor, author, editor, admin, not "${role}"`);
    return 2;
  }
  const config = configFromEnvironment();
  const database = await prepareDatabase(config);
  try {
    const now = new Date();
    const account = await createStaffAccount(database.db, { email, name, role: staffRole }, now);
    const link = await issueLoginLink(database.db, { email: account.email, purpose: 'magic-link', now });
    if (!link) throw new Error('the new account could not be found');
    const url = new URL(`login/link/confirm?token=${encodeURIComponent(link.token)}`, config.publicUrl);
    console.log(`Created ${account.role} ${account.email}. Log in within 15 minutes with this one-time link:\n${url.toString()}`);
    return 0;
  } catch (error) {
    if (error instanceof AccountError) {
      console.error(`dateline: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

function describeCounts({ articles, accounts, subscriptions, mediaFiles }: BackupCounts): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `${count(articles, 'article', 'articles')}, ${count(accounts, 'account', 'accounts')}, ${count(subscriptions, 'subscription', 'subscriptions')} and ${count(mediaFiles, 'media file', 'media files')}`;
}

async function backUp(folder: string): Promise<number> {
  const config = configFromEnvironment();
  const to = path.resolve(folder);
  const secretFile = config.secretSource === 'data-folder' ? secretFileOf(config.dataDir) : null;
  const manifest = await takeBackup({ database: config.database, dataDir: config.dataDir, secretFile, to, now: new Date() });
  console.log(`Backed up ${describeCounts(manifest.counts)} into ${to}.`);
  if (!manifest.hasSecret) console.log('SECRET comes from the environment, so it is not in the backup: keep it with your other secrets.');
  return 0;
}

async function restore(folder: string): Promise<number> {
  const { dataDir, database } = locateData(process.env, process.cwd());
  const manifest = await restoreBackup({ from: path.resolve(folder), database, dataDir });
  console.log(`Restored the backup of ${manifest.createdAt}: ${describeCounts(manifest.counts)}, as its manifest says.`);
  return 0;
}

async function importFile(file: string): Promise<number> {
  const config = configFromEnvironment();
  const database = await prepareDatabase(config);
  try {
    const outcome = await importArchive(database.db, {
      archive: archiveFile(path.resolve(file)),
      now: new Date(),
      // Printed once the batch is committed: a line seen is a batch that stays, whatever happens next.
      onProgress: ({ done, total, skipped }) => console.log(`Imported ${done} of ${total} articles${skipped > 0 ? ` (${skipped} of them already there)` : ''}`),
    });
    if (outcome.kind === 'refused') {
      const unreported = outcome.problemCount - outcome.problems.length;
      console.error(
        `dateline: nothing was imported: ${file} has ${outcome.problemCount === 1 ? 'a problem' : `${outcome.problemCount} problems`} in its ${outcome.total} lines.`,
      );
      for (const problem of outcome.problems) console.error(`  ${describeProblem(problem)}`);
      if (unreported > 0) console.error(`  and ${unreported} more`);
      return 1;
    }
    console.log(
      `Imported all ${outcome.total} articles of ${file}: ${outcome.written} new${outcome.skipped > 0 ? `, skipped ${outcome.skipped} already there` : ''}.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

async function importReaderFile(file: string): Promise<number> {
  const config = configFromEnvironment();
  const database = await prepareDatabase(config);
  try {
    const outcome = await importReaders(database.db, {
      file: readerFile(path.resolve(file)),
      now: new Date(),
      stripe: config.stripe ? createStripeClient(config.stripe.secretKey) : null,
      // Printed once the batch is committed: a line seen is a batch that stays, whatever happens next.
      onProgress: ({ done, total, skipped }) => console.log(`Imported ${done} of ${total} readers${skipped > 0 ? ` (${skipped} of them already there)` : ''}`),
    });
    if (outcome.kind === 'refused') {
      const unreported = outcome.problemCount - outcome.problems.length;
      console.error(
        `dateline: nothing was imported: ${file} has ${outcome.problemCount === 1 ? 'a problem' : `${outcome.problemCount} problems`} in its ${outcome.total} readers.`,
      );
      for (const problem of outcome.problems) console.error(`  ${describeReaderFileProblem(problem)}`);
      if (unreported > 0) console.error(`  and ${unreported} more`);
      return 1;
    }
    const from = outcome.format === 'ghost' ? "Ghost's members export" : "Dateline's export";
    console.log(
      `Imported all ${outcome.total} readers of ${file} (${from}): ${outcome.written} new${outcome.skipped > 0 ? `, skipped ${outcome.skipped} already there` : ''}.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

async function applyEmailEventFile(file: string): Promise<number> {
  const parsed = await parseEmailEventFile(await readFile(path.resolve(file), 'utf8'));
  if ('problem' in parsed) {
    console.error(`dateline: nothing was applied: ${file}: ${parsed.problem}`);
    return 1;
  }
  const config = configFromEnvironment();
  const database = await prepareDatabase(config);
  try {
    const { suppressed, ignored } = await applyEmailEvents(database.db, parsed.events, { source: 'command-line', now: new Date() });
    console.log(`Applied ${parsed.events.length} events of ${file}: ${suppressed} suppressed an address, ${ignored} changed nothing.`);
    return 0;
  } finally {
    await database.close();
  }
}

async function exportReaderFile(file: string | undefined): Promise<number> {
  const config = configFromEnvironment();
  const database = await prepareDatabase(config);
  try {
    const lines = Readable.from(exportReaders(database.db, { filter: {}, now: new Date() }));
    if (file === undefined) await pipeline(lines, process.stdout, { end: false });
    else {
      try {
        // Never over another file: an export holds personal data, and the one there may be the only copy.
        await pipeline(lines, createWriteStream(path.resolve(file), { flags: 'wx' }));
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
        console.error(`dateline: ${file} is there already; name a new file`);
        return 1;
      }
      console.log(`Exported the readers into ${file}.`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { role: { type: 'string' } } });
  const [command = 'help', ...rest] = positionals;
  if (command === 'staff:create') return createStaff(rest, values.role ?? 'admin');
  if (command === 'backup' || command === 'restore') {
    const [folder, ...extra] = rest;
    if (folder === undefined || extra.length > 0 || values.role !== undefined) {
      console.error(`dateline: ${command} takes one argument, the backup's folder\n\n${usage}`);
      return 2;
    }
    return command === 'backup' ? backUp(folder) : restore(folder);
  }
  if (command === 'import') {
    const [file, ...extra] = rest;
    if (file === undefined || extra.length > 0 || values.role !== undefined) {
      console.error(`dateline: import takes one argument, the archive file\n\n${usage}`);
      return 2;
    }
    return importFile(file);
  }
  if (command === 'email-events') {
    const [file, ...extra] = rest;
    if (file === undefined || extra.length > 0 || values.role !== undefined) {
      console.error(`dateline: email-events takes one argument, the file\n\n${usage}`);
      return 2;
    }
    return applyEmailEventFile(file);
  }
  if (command === 'readers:import' || command === 'readers:export') {
    const [file, ...extra] = rest;
    if ((command === 'readers:import' && file === undefined) || extra.length > 0 || values.role !== undefined) {
      console.error(
        `dateline: ${command} takes ${command === 'readers:import' ? 'one argument, the file' : 'at most one argument, the file to write'}\n\n${usage}`,
      );
      return 2;
    }
    return command === 'readers:import' && file !== undefined ? importReaderFile(file) : exportReaderFile(file);
  }
  if (rest.length > 0 || values.role !== undefined) {
    console.error(`dateline: ${command} takes no arguments\n\n${usage}`);
    return 2;
  }
  switch (command) {
    case 'help':
      console.log(usage);
      return 0;
    case 'migrate': {
      const database = await prepareDatabase(configFromEnvironment());
      await database.close();
      console.log('The database schema is up to date.');
      return 0;
    }
    case 'demo:load': {
      const config = configFromEnvironment();
      const database = await prepareDatabase(config);
      try {
        const count = await loadDemoPublication(database.db, { mediaDir: mediaDirOf(config.dataDir), now: new Date() });
        console.log(`Loaded the demo publication: ${count} articles.`);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'media:renditions': {
      const config = configFromEnvironment();
      const database = await prepareDatabase(config);
      try {
        const report = await completeRenditions(config, database, (progress) =>
          console.log(`Checked ${progress.checked} images, completed ${progress.completed}.`),
        );
        console.log(`Image renditions are complete: ${report.checked} images checked, ${report.completed} completed.`);
        if (report.unrecoverable.length > 0) {
          console.error(`dateline: ${report.unrecoverable.length} images have no file left to make renditions from: ${report.unrecoverable.join(', ')}`);
          return 1;
        }
      } finally {
        await database.close();
      }
      return 0;
    }
    default:
      console.error(`dateline: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (
      error instanceof ConfigError ||
      error instanceof DatabaseUnavailableError ||
      error instanceof BackupError ||
      error instanceof ImportError ||
      (error instanceof Error && error.name === 'TypeError' && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      console.error(`dateline: ${error.message}`);
    } else {
      console.error('dateline: the command failed:', error);
    }
    process.exit(1);
  },
);
