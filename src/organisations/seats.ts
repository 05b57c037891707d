/** A contract's seats: how many it sells and how many members hold one now. */
export type SeatCount = { seats: number; taken: number };

export function seatsLeft({ seats, taken }: SeatCount): number {
  return Math.max(0, seats - taken);
}

export function hasSeatLeft(count: SeatCount): boolean {
  return seatsLeft(count) > 0;
}
