import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applySubscriptionEvent, isEntitledBy, SubscriptionTransitionError, type SubscriptionEvent, type SubscriptionState } from './subscription.ts';

const day = 24 * 60 * 60 * 1000;
const start = new Date('2026-11-01T12:00:00Z');
const at = (days: number) => new Date(start.getTime() + days * day);
const grace = 7 * day;

function run(events: SubscriptionEvent[]): SubscriptionState {
  let state: SubscriptionState | null = null;
  for (const event of events) state = applySubscriptionEvent(state, event);
  if (!state) throw new Error('no events');
  return state;
}

const trial: SubscriptionEvent = { type: 'started', trialEnd: at(14), currentPeriodEnd: at(14) };
const paid: SubscriptionEvent = { type: 'started', trialEnd: null, currentPeriodEnd: at(30) };
const tick = (days: number): SubscriptionEvent => ({ type: 'time-passed', now: at(days), gracePeriodMs: grace });

describe("a subscription's life", () => {
  it('starts trialing with a trial, active without one', () => {
    assert.equal(run([trial]).status, 'trialing');
    assert.equal(run([paid]).status, 'active');
  });

  it('becomes active when the trial converts with a payment', () => {
    const state = run([trial, { type: 'payment-succeeded', currentPeriodEnd: at(44) }, tick(20)]);
    assert.equal(state.status, 'active');
    assert.deepEqual(state.currentPeriodEnd, at(44));
  });

  it('expires as a trial when the trial ends without payment, once the grace period is over', () => {
    assert.equal(run([trial, tick(15)]).status, 'trialing');
    const state = run([trial, tick(22)]);
    assert.equal(state.status, 'expired');
    assert.equal(state.endedFrom, 'trial');
  });

  it("is canceled at the period's end: entitled until then, expired after", () => {
    const canceled = run([paid, { type: 'cancel-requested' }]);
    assert.equal(canceled.status, 'canceled');
    assert.equal(isEntitledBy(canceled, { now: at(29), gracePeriodMs: grace }), true);
    assert.equal(isEntitledBy(canceled, { now: at(30), gracePeriodMs: grace }), false);
    const ended = run([paid, { type: 'cancel-requested' }, tick(30)]);
    assert.deepEqual([ended.status, ended.endedFrom], ['expired', 'subscription']);
  });

  it('ends a canceled trial as a trial', () => {
    const ended = run([trial, { type: 'cancel-requested' }, tick(14)]);
    assert.deepEqual([ended.status, ended.endedFrom], ['expired', 'trial']);
  });

  it('resumes a canceled subscription to what it was', () => {
    assert.equal(run([paid, { type: 'cancel-requested' }, { type: 'resume-requested' }]).status, 'active');
    assert.equal(run([trial, { type: 'cancel-requested' }, { type: 'resume-requested' }]).status, 'trialing');
  });

  it('falls past due on a failed payment, keeps access for the grace period, then expires', () => {
    const failing = run([paid, { type: 'payment-failed', at: at(30) }]);
    assert.equal(failing.status, 'past_due');
    assert.equal(isEntitledBy(failing, { now: at(36), gracePeriodMs: grace }), true);
    assert.equal(isEntitledBy(failing, { now: at(37), gracePeriodMs: grace }), false);
    assert.equal(run([paid, { type: 'payment-failed', at: at(30) }, tick(36)]).status, 'past_due');
    assert.equal(run([paid, { type: 'payment-failed', at: at(30) }, tick(37)]).status, 'expired');
  });

  it('counts the grace period from the first failure, not the retries', () => {
    const state = run([paid, { type: 'payment-failed', at: at(30) }, { type: 'payment-failed', at: at(33) }, tick(37)]);
    assert.equal(state.status, 'expired');
  });

  it('recovers from past due when a retry succeeds', () => {
    const state = run([paid, { type: 'payment-failed', at: at(30) }, { type: 'payment-succeeded', currentPeriodEnd: at(60) }]);
    assert.deepEqual([state.status, state.pastDueSince], ['active', null]);
  });

  it('expires a subscription whose renewal never arrives, after the grace period', () => {
    assert.equal(run([paid, tick(36)]).status, 'active');
    assert.equal(run([paid, tick(37)]).status, 'expired');
  });

  it('ends at once when the provider ends it', () => {
    const state = run([paid, { type: 'ended', at: at(3) }]);
    assert.deepEqual([state.status, state.endedFrom], ['expired', 'subscription']);
  });

  it('refuses moves that make no sense', () => {
    assert.throws(() => applySubscriptionEvent(null, { type: 'cancel-requested' }), SubscriptionTransitionError);
    assert.throws(() => run([paid, { type: 'resume-requested' }]), SubscriptionTransitionError);
    assert.throws(() => run([paid, { type: 'ended', at: at(1) }, { type: 'payment-succeeded', currentPeriodEnd: at(60) }]), SubscriptionTransitionError);
    assert.throws(() => run([paid, { type: 'payment-failed', at: at(30) }, { type: 'cancel-requested' }]), SubscriptionTransitionError);
    assert.throws(() => run([paid, paid]), SubscriptionTransitionError);
  });

  it('never leaves expired', () => {
    const expired = run([paid, { type: 'ended', at: at(1) }]);
    for (const event of [tick(100), { type: 'payment-failed', at: at(2) } as const, { type: 'ended', at: at(3) } as const]) {
      assert.equal(applySubscriptionEvent(expired, event).status, 'expired');
    }
  });
});
