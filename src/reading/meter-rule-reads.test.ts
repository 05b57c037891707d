import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addArticle, seedPublication } from '../../test/content-fixtures.ts';
import { openTestDatabase } from '../../test/database.ts';
import { parseMeterRuleDraft } from '../access/meter-rule-draft.ts';
import type { Reader } from '../access/reader.ts';
import { insertAccount } from '../accounts/account-repository.ts';
import type { Visit } from '../insights/visit-source.ts';
import { writeAccessSettings } from '../settings/access-settings-repository.ts';
import { createContentVersionSource } from '../settings/content-version.ts';
import { changeMeterRuleState, insertMeterRule } from '../settings/meter-rule-repository.ts';
import { readPublicationSettings } from '../settings/settings-repository.ts';
import { deriveGiftLinkKey } from '../gifts/gift-token.ts';
import { createEditionCache } from './edition-cache.ts';
import { readPublishedArticle } from './read-published-article.ts';

const now = new Date('2026-11-20T17:00:00Z');
const { db, dialect } = await openTestDatabase();
const seeded = await seedPublication(db, now);
const slugs: string[] = [];
for (let index = 1; index <= 12; index += 1) {
  slugs.push(`story-${index}`);
  await addArticle(db, seeded, { slug: `story-${index}` }, now);
}
await writeAccessSettings(db, { meterLimits: { anonymous: 3, registered: 2 }, defaultPreviewBlocks: 2 }, now);
const contentVersion = createContentVersionSource(db, { maxAgeMs: 0 });
const chrome = async () => ({ settings: await readPublicationSettings(db), sections: [] });
const editions = createEditionCache({ db, chrome, contentVersion }, { maxEntries: 100 });
const context = { db, dialect, giftLinkKey: deriveGiftLinkKey('a test secret'), editions };
const newsletter: Visit = { source: 'newsletter', campaign: 'morning-briefing' };
const direct: Visit = { source: 'direct', campaign: null };

let counter = 0;
async function newReader(): Promise<Reader & { kind: 'registered' }> {
  counter += 1;
  const readerId = await insertAccount(db, { email: `reader${counter}@example.org`, name: 'A reader', passwordHash: null, role: 'reader', now });
  return { kind: 'registered', readerId, lapsed: null };
}

async function read(reader: Reader & { kind: 'registered' }, slug: string, visit: Visit) {
  const outcome = await readPublishedArticle(context, {
    address: { section: 'world', slug },
    visit,
    now,
    identify: async () => ({ reader, accountId: reader.readerId, anonymousMeter: null }),
    giftLink: null,
  });
  assert.equal(outcome.kind, 'found');
  if (outcome.kind !== 'found') throw new Error('not found');
  return outcome.read.decision;
}

const ruleId = await insertMeterRule(
  db,
  parseMeterRuleDraft({ name: 'Newsletter readers get 4', source: 'newsletter', effect: 'set', articles: '4' }, { sectionIds: [] }),
  now,
);

describe(`reads under a meter rule (${dialect})`, () => {
  it('never grant a registered reader more than the rule’s limit, however many reads arrive at once, and keep the rule on each', async () => {
    const reader = await newReader();
    const decisions = await Promise.all(slugs.map((slug) => read(reader, slug, newsletter)));
    assert.equal(decisions.filter((decision) => decision.access === 'full').length, 4);
    for (const decision of decisions) assert.deepEqual([decision.rule, decision.meterLimit], [{ id: ruleId, name: 'Newsletter readers get 4' }, 4]);
    const rows = await db.selectFrom('meter_reads').select('meter_rule_id').where('account_id', '=', reader.readerId).execute();
    assert.deepEqual(
      rows.map((row) => row.meter_rule_id),
      [ruleId, ruleId, ruleId, ruleId],
    );
  });

  it('judge the same reader arriving directly on the setting, with the reads the rule gave still counted', async () => {
    const reader = await newReader();
    for (const slug of slugs.slice(0, 3)) assert.equal((await read(reader, slug, newsletter)).access, 'full');
    const next = await read(reader, 'story-4', direct);
    assert.deepEqual(next.access === 'preview' && next.wall, { kind: 'meter-exhausted', reader: 'registered', limit: 2 });
    assert.equal(next.rule, null);
    assert.equal((await read(reader, 'story-1', direct)).access, 'full', 'what the rule opened stays open to read again');
  });

  it('stop applying once the rule is paused, from the very next read', async () => {
    const reader = await newReader();
    await changeMeterRuleState(db, ruleId, 'paused', now);
    const decisions = [];
    for (const slug of slugs.slice(0, 3)) decisions.push(await read(reader, slug, newsletter));
    assert.deepEqual(
      decisions.map((decision) => [decision.access, decision.rule]),
      [
        ['full', null],
        ['full', null],
        ['preview', null],
      ],
    );
  });
});
