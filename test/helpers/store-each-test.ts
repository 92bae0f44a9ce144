// The set-up most pool tests of the engine share: for every test of the file, the clock's
// `Date` stopped at a fixed instant, the fake Twilio installed, and a store with its reps;
// after it, both undone. One call in place of a beforeEach/afterEach pair per file.
import { afterEach, beforeEach, vi } from "vitest";
import { TEST_EPOCH } from "./clock";
import { installFakeTwilio, type FakeTwilio, type FakeTwilioOptions } from "./fake-twilio";
import { setUpStore, type RepView } from "./store";

export interface StoreEachTestOptions {
  /** Where the fake clock starts (default TEST_EPOCH: a Monday, 14:00 in New York). */
  at?: number;
  /** The reps to add (default setUpStore's Sam Rivera); null: no store is set up. */
  reps?: { name: string; phone: string }[] | null;
  twilio?: FakeTwilioOptions;
  /** Runs once the store is set up, with its reps as the owner API made them. */
  then?: (reps: RepView[]) => void | Promise<void>;
}

/**
 * Registers the set-up for every test of the calling file and returns the running test's
 * fake Twilio: a handle that reads through to the one installed for the test, so a file
 * keeps one `const twilio` while each test gets a fresh fake.
 */
export function storeEachTest(options: StoreEachTestOptions = {}): FakeTwilio {
  let current: FakeTwilio | undefined;
  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(options.at ?? TEST_EPOCH);
    current = installFakeTwilio(options.twilio);
    if (options.reps === null) return;
    const reps = await setUpStore(options.reps);
    await options.then?.(reps);
  });
  afterEach(() => {
    current?.restore();
    current = undefined;
    vi.useRealTimers();
  });
  return new Proxy({} as FakeTwilio, {
    get(_handle, key) {
      if (!current) throw new Error("the fake Twilio is installed only while a test of this file runs");
      return Reflect.get(current, key);
    },
    set(_handle, key, value) {
      if (!current) throw new Error("the fake Twilio is installed only while a test of this file runs");
      return Reflect.set(current, key, value);
    },
  });
}
