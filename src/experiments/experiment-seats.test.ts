import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { insertAccount } from '../accounts/account-repository.ts';
import type { RunningExperiment } from './experiment.ts';
import { findAccountAssignments, startExperiment } from './experiment-repository.ts';
import { seatReader } from './experiment-seats.ts';

const now = new Date('2026-11-20T12:00:00Z');
const database = await openTestDatabase();
const { db, dialect } = database;
const plan = { baseRatePercent: 2, minimumEffectPercent: 1, readersPerVariant: 3826 };
const variants = [
  { key: 'a', name: 'Three', share: 50, change: { kind: 'meter-limit', reader: 'registered', limit: 3 } },
  { key: 'b', name: 'Five', share: 50, change: { kind: 'meter-limit', reader: 'registered', limit: 5 } },
] as const;
const id = await startExperiment(db, { name: 'Meter', kind: 'meter-limit', variants, metric: 'paid', plan }, now);
const experiment: RunningExperiment = { id, kind: 'meter-limit', variants };
let readers = 0;
const newReader = async () => {
  readers += 1;
  return insertAccount(db, { email: `seat${readers}@example.org`, name: 'Seat', passwordHash: null, role: 'reader', now });
};

describe(`a registered reader's seat in an experiment (${dialect})`, () => {
  it('is drawn once and kept in the account: the next read draws nothing', async () => {
    const accountId = await newReader();
    const first = await seatReader(db, { participant: { kind: 'account', accountId }, running: [experiment], now, draw: () => 0.9 }).take([experiment]);
    assert.deepEqual(first, [{ experimentId: id, variant: 'b' }]);
    const again = await seatReader(db, { participant: { kind: 'account', accountId }, running: [experiment], now, draw: () => assert.fail('no draw') }).take([
      experiment,
    ]);
    assert.deepEqual(again, first);
  });

  it('is the same for two reads racing, whichever wrote first', async () => {
    const accountId = await newReader();
    const seat = (draw: number) =>
      seatReader(db, { participant: { kind: 'account', accountId }, running: [experiment], now, draw: () => draw }).take([experiment]);
    const [one, other] = await Promise.all([seat(0.1), seat(0.9)]);
    assert.deepEqual(one, other);
    assert.deepEqual(await findAccountAssignments(db, accountId, [id]), one);
  });

  it('gives nothing to a reader with no seat to keep it in, and writes nothing', async () => {
    const seats = seatReader(db, { participant: { kind: 'none' }, running: [experiment], now, draw: () => assert.fail('no draw') });
    assert.deepEqual(await seats.take([experiment]), []);
    assert.equal(seats.visitorToStore(), null);
  });
});

describe("an anonymous reader's seat, in their browser", () => {
  it('gives a new browser a visitor holding its variant, to hand back', async () => {
    const seats = seatReader(db, { participant: { kind: 'visitor', visitor: null }, running: [experiment], now, draw: () => 0.2 });
    assert.deepEqual(await seats.take([experiment]), [{ experimentId: id, variant: 'a' }]);
    const visitor = seats.visitorToStore();
    assert.match(visitor?.id ?? '', /^[A-Za-z0-9_-]{22}$/);
    assert.deepEqual(visitor?.assignments, [{ experimentId: id, variant: 'a' }]);
  });

  it("keeps a browser's variant, handing nothing back when nothing changed", async () => {
    const visitor = { id: 'A'.repeat(22), assignments: [{ experimentId: id, variant: 'b' }] };
    const seats = seatReader(db, { participant: { kind: 'visitor', visitor }, running: [experiment], now, draw: () => assert.fail('no draw') });
    assert.deepEqual(await seats.take([experiment]), [{ experimentId: id, variant: 'b' }]);
    assert.equal(seats.visitorToStore(), null);
  });

  it('lets go of the variants of experiments that ended when it gives a new one', async () => {
    const visitor = { id: 'B'.repeat(22), assignments: [{ experimentId: id + 100, variant: 'a' }] };
    const seats = seatReader(db, { participant: { kind: 'visitor', visitor }, running: [experiment], now, draw: () => 0.7 });
    await seats.take([experiment]);
    assert.deepEqual(seats.visitorToStore(), { id: 'B'.repeat(22), assignments: [{ experimentId: id, variant: 'b' }] });
  });
});
