import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPublicationTime } from './publication-time.ts';

describe('formatPublicationTime', () => {
  it('names the publication’s time zone after the time of day', () => {
    const when = new Date('2026-12-01T11:55:00Z');
    assert.equal(formatPublicationTime(when, { locale: 'en-US', timeZone: 'America/New_York' }), 'December 1, 2026 at 6:55 AM EST');
    assert.equal(formatPublicationTime(new Date('2026-07-01T11:55:00Z'), { locale: 'en-US', timeZone: 'America/New_York' }), 'July 1, 2026 at 7:55 AM EDT');
  });

  it('writes the date, time and zone in the locale’s own form', () => {
    const when = new Date('2026-12-01T11:55:00Z');
    assert.equal(formatPublicationTime(when, { locale: 'en-GB', timeZone: 'Europe/London' }), '1 December 2026 at 11:55 GMT');
    assert.equal(formatPublicationTime(when, { locale: 'de-DE', timeZone: 'Europe/Berlin' }), '1. Dezember 2026 um 12:55 MEZ');
  });
});
