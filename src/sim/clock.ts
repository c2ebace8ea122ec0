/** Clocks for the simulator, the emulator and the poller: the wall clock in production, a fake one in tests. */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: simulated days pass in milliseconds, and tests never sleep. */
export class FakeClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  /** Moves the clock forward (never backward: time-ordered code relies on it). */
  advance(ms: number): void {
    if (ms < 0) throw new Error("FakeClock cannot go back in time");
    this.ms += ms;
  }
  set(ms: number): void {
    if (ms < this.ms) throw new Error("FakeClock cannot go back in time");
    this.ms = ms;
  }
}
