import { expect } from 'vitest';

/** True for a message that is the bot's escalation draft (a hand-off note without an email is not one). */
export const isDraft = (content: string): boolean =>
	/I've passed this to the team/.test(content) && content.includes('```text');

/**
 * Every escalation draft names an email address in To: or a web form ("Submit at <URL>"); To: never holds a page or
 * a sentence (issue 14).
 */
export function expectAddressOrForm(draft: string): void {
	const to = /\*\*To:\*\* (\S+)/.exec(draft)?.[1];
	if (to !== undefined) expect(to).toMatch(/^[^\s@<>]+@[^\s@<>]+\.[a-z]{2,}$/);
	expect(
		to !== undefined || /Submit at <https:\/\/\S+>/.test(draft),
		`no address or form in: ${draft.slice(0, 300)}`,
	).toBe(true);
}
