/**
 * How long a test waits for something that will happen ("eventually"): generous, so a loaded machine slows a test
 * down rather than failing it. Never used to assert that something is fast.
 */
export const EVENTUALLY_MS = 20_000;
