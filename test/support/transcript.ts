import type { Sandbox } from '../../src/sandbox/index.js';
import type { BotHarness } from './bot-harness.js';

/** What the bot posted in a channel for everyone to see (private interaction answers left out), oldest first. */
export const botMessages = (sandbox: Sandbox, channelId: string) =>
	sandbox.transcript(channelId).filter((e) => e.isBot && e.visibleTo === undefined);

/** The text of those messages. */
export const botSaid = (h: BotHarness, channelId: string): string[] =>
	botMessages(h.sandbox, channelId).map((e) => e.content);

/** The newest button with this label on a bot message in the channel, as `clickButton` takes it. */
export function lastButton(
	sandbox: Sandbox,
	channelId: string,
	label: string,
): { messageId: string; customId: string } {
	for (const entry of botMessages(sandbox, channelId).reverse()) {
		const button = entry.components.find((c) => c.label === label);
		if (button?.customId !== undefined) return { messageId: entry.id, customId: button.customId };
	}
	throw new Error(`no button ${label}`);
}
