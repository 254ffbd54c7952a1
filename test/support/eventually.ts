/**
 * How long a test waits for something that will happen ("eventually"): generous, so a loaded machine slows a test
 * down rather than failing it. Never used to assert that something is fast.
 */
export const EVENTUALLY_MS = 20_000;

/** Polls `check` until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = EVENTUALLY_MS): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
