import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../../test/app.ts';
import { browserSession } from '../../../test/browser-session.ts';
import { seedCatalogue } from '../../../test/commerce-fixtures.ts';
import { seedPublication } from '../../../test/content-fixtures.ts';
import { openTestDatabase } from '../../../test/database.ts';
import { insertAccount } from '../../accounts/account-repository.ts';
import { openSession, sessionCookieName } from '../../accounts/sessions.ts';
import { defaultPaywallSettings } from '../../access/paywall-settings.ts';
import { listAudit } from '../../newsroom/audit-log.ts';
import { readPaywallSettings, writePaywallSettings } from '../../settings/paywall-settings-repository.ts';

const clock = new Date('2026-11-20T17:00:00Z');
const database = await openTestDatabase();
const { db } = database;
await seedPublication(db, clock);
await seedCatalogue(db, clock);
const app = await buildTestApp(database, { now: () => clock });
const offerIdOf = async (slug: string) => (await db.selectFrom('offers').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
const intro = await offerIdOf('intro');
const trial = await offerIdOf('trial');
const limited = await offerIdOf('limited');

async function adminBrowser() {
  const id = await insertAccount(db, { email: 'paywall.admin@newsroom.example', name: 'Paywall Admin', passwordHash: null, role: 'admin', now: clock });
  const browser = browserSession(app);
  browser.cookies.set(sessionCookieName, (await openSession(db, id, clock)).token);
  await browser.get('/admin/settings');
  return browser;
}
const admin = await adminBrowser();

const settingsForm = (changes: Record<string, string> = {}) => ({
  name: 'The Test Gazette',
  tagline: 'News',
  locale: 'en-US',
  timeZone: 'America/New_York',
  anonymousLimit: '3',
  registeredLimit: '10',
  defaultPreviewBlocks: '3',
  gracePeriodDays: '7',
  trialReminderDays: '3',
  registrationWallAfter: '',
  ...changes,
});

describe(`the paywall's settings by hand (${database.dialect})`, () => {
  it('set where the registration wall stands and which offers the paywall shows, as the page then shows them', async () => {
    const saved = await admin.post(
      '/admin/settings',
      settingsForm({ registrationWallAfter: '1', [`paywallOffer.${trial}`]: 'on', [`paywallOffer.${intro}`]: 'on' }),
    );
    assert.equal(saved.statusCode, 303);
    assert.deepEqual(await readPaywallSettings(db), { registrationWallAfter: 1, offerIds: [intro, trial] });
    const page = await admin.get('/admin/settings');
    assert.match(page.body, /name="registrationWallAfter" value="1"/);
    assert.match(page.body, new RegExp(`name="paywallOffer\\.${intro}" checked`));
    assert.doesNotMatch(page.body, new RegExp(`name="paywallOffer\\.${limited}" checked`));
    const audit = await listAudit(db, 5);
    assert.ok(audit.some((line) => line.detail?.includes('registration wall 1') && line.detail.includes(`paywall offers ${intro} and ${trial}`)));
  });

  it('set them back: an empty wall is none, and no offer checked leaves the choice to the ranking', async () => {
    await writePaywallSettings(db, { registrationWallAfter: 2, offerIds: [limited] }, clock);
    const saved = await admin.post('/admin/settings', settingsForm());
    assert.equal(saved.statusCode, 303);
    assert.deepEqual(await readPaywallSettings(db), defaultPaywallSettings);
  });

  it('refuse more offers than a paywall shows, a wall out of range, or an offer that is not live, saving nothing and keeping what was typed', async () => {
    await writePaywallSettings(db, defaultPaywallSettings, clock);
    const cases: [Record<string, string>, RegExp][] = [
      [{ [`paywallOffer.${intro}`]: 'on', [`paywallOffer.${trial}`]: 'on', [`paywallOffer.${limited}`]: 'on' }, /from 1 to 2 different offers/],
      [{ registrationWallAfter: '101' }, /registration wall must stand after a whole number of articles from 0 to 100/],
      [{ registrationWallAfter: 'two' }, /registration wall must stand after a whole number/],
      [{ 'paywallOffer.99999': 'on' }, /only live offers/],
    ];
    for (const [changes, message] of cases) {
      const refused = await admin.post('/admin/settings', settingsForm({ ...changes, name: 'Typed name kept' }));
      assert.equal(refused.statusCode, 400, JSON.stringify(changes));
      assert.match(refused.body, message);
      assert.match(refused.body, /value="Typed name kept"/);
      assert.deepEqual(await readPaywallSettings(db), defaultPaywallSettings);
    }
  });
});
