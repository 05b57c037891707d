import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describePlanChanges, type DeskPlanChange } from './plan-change-lines.ts';

const wording = { locale: 'en-US', timeZone: 'UTC', now: new Date('2026-12-25T00:00:00Z') };
const base: DeskPlanChange = {
  id: 1,
  fromPlanName: 'Digital',
  toPlanName: 'Premium',
  direction: 'upgrade',
  status: 'applied',
  amountMinor: 250,
  currency: 'USD',
  requestedAt: new Date('2026-11-16T00:00:00Z'),
  effectiveAt: new Date('2026-11-16T00:00:00Z'),
  settledAt: new Date('2026-11-16T00:00:00Z'),
};

describe("plan changes on the desk's timeline", () => {
  it('tells an upgrade by what it charged', () => {
    assert.deepEqual(describePlanChanges([base], wording), [
      { at: base.requestedAt, title: 'Upgraded from Digital to Premium', detail: '$2.50 charged at once.', tone: 'positive' },
    ]);
  });

  it('tells a waiting downgrade by its day, and a settled one by what became of it', () => {
    const downgrade: DeskPlanChange = {
      ...base,
      fromPlanName: 'Premium',
      toPlanName: 'Digital',
      direction: 'downgrade',
      status: 'scheduled',
      amountMinor: 0,
      effectiveAt: new Date('2026-12-01T00:00:00Z'),
      settledAt: null,
    };
    assert.deepEqual(
      describePlanChanges([downgrade], wording).map((line) => [line.title, line.detail]),
      [['Scheduled a move from Premium to Digital', 'Waiting: it takes effect on Dec 1, 2026.']],
    );
    const applied = { ...downgrade, status: 'applied', settledAt: downgrade.effectiveAt } as const;
    assert.deepEqual(
      describePlanChanges([applied], wording).map((line) => line.title),
      ['Scheduled a move from Premium to Digital', 'Moved from Premium to Digital'],
    );
    const withdrawn = { ...downgrade, status: 'withdrawn', settledAt: new Date('2026-11-20T00:00:00Z') } as const;
    assert.deepEqual(
      describePlanChanges([withdrawn], wording).map((line) => line.title),
      ['Scheduled a move from Premium to Digital', 'Called off the move from Premium to Digital'],
    );
  });
});
