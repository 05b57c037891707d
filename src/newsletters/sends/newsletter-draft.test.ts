import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidNewsletterError, parseNewsletterDraft, type NewsletterFields } from './newsletter-draft.ts';

const fields: NewsletterFields = {
  name: '  The   Morning Briefing ',
  slug: 'Morning-Briefing',
  description: 'The day’s news before breakfast.',
  cadence: 'daily',
  senderName: 'The Dateline',
  senderEmail: 'Briefing@Example.org',
  audience: 'anyone',
  template: 'briefing',
  dailySection: '',
  dailySendTime: '',
};
const sections = { sectionIds: [1, 2] };

function refusal(changes: Partial<NewsletterFields>): string | null {
  try {
    parseNewsletterDraft({ ...fields, ...changes }, sections);
    return null;
  } catch (error) {
    assert.ok(error instanceof InvalidNewsletterError);
    assert.equal(error.meaning.kind, 'invalid');
    return error.meaning.kind === 'invalid' ? error.meaning.field : null;
  }
}

describe('a newsletter as the newsroom defines it', () => {
  it('tidies what was typed: spaces, the short name and the address in lower case', () => {
    const draft = parseNewsletterDraft(fields, sections);
    assert.equal(draft.name, 'The Morning Briefing');
    assert.equal(draft.slug, 'morning-briefing');
    assert.equal(draft.senderEmail, 'briefing@example.org');
    assert.equal(draft.daily, null);
    assert.equal(parseNewsletterDraft({ ...fields, senderName: 'Two\r\nLines' }, sections).senderName, 'Two Lines');
  });

  it('has a daily digest when both its section and its time are given', () => {
    assert.deepEqual(parseNewsletterDraft({ ...fields, dailySection: '2', dailySendTime: '07:30' }, sections).daily, { sectionId: 2, sendTime: '07:30' });
  });

  it('names the field at fault for each thing wrong', () => {
    assert.equal(refusal({ name: ' ' }), 'name');
    assert.equal(refusal({ name: 'x'.repeat(81) }), 'name');
    assert.equal(refusal({ slug: 'morning briefing' }), 'slug');
    assert.equal(refusal({ slug: '-briefing' }), 'slug');
    assert.equal(refusal({ description: '' }), 'description');
    assert.equal(refusal({ cadence: 'hourly' }), 'cadence');
    assert.equal(refusal({ senderName: 'Evil" <x@y.z>' }), 'senderName');
    assert.equal(refusal({ senderEmail: 'a@b.org, c@d.org' }), 'senderEmail');
    assert.equal(refusal({ senderEmail: 'not an address' }), 'senderEmail');
    assert.equal(refusal({ audience: 'everyone' }), 'audience');
    assert.equal(refusal({ template: 'magazine' }), 'template');
  });

  it('wants both of the daily digest’s fields or neither, a section that exists and a real time', () => {
    assert.equal(refusal({ dailySection: '1' }), 'dailySendTime');
    assert.equal(refusal({ dailySendTime: '07:00' }), 'dailySection');
    assert.equal(refusal({ dailySection: '9', dailySendTime: '07:00' }), 'dailySection');
    assert.equal(refusal({ dailySection: '1', dailySendTime: '24:00' }), 'dailySendTime');
    assert.equal(refusal({ dailySection: '1', dailySendTime: '7am' }), 'dailySendTime');
  });
});
