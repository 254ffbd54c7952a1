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

/**
 * Resolve on the moderators' queue with the cause menu: press the button (its label in the moderators' language),
 * pick the bot's first guess and send the form without a note. Returns the menu message the moderator saw.
 */
export async function resolveWithFirstGuess(sandbox: Sandbox, mods: string, label = 'Resolve') {
	await sandbox.clickButton({ by: 'mod', ...lastButton(sandbox, mods, label) }).waitForCallback();
	const menuMessage = sandbox.transcript(mods).findLast((e) => e.visibleTo === 'mod' && e.components.length > 0);
	const menu = menuMessage?.components[0];
	const picked = sandbox.selectMenu({
		by: 'mod',
		messageId: menuMessage?.id ?? '',
		customId: menu?.customId ?? '',
		values: [menu?.values[0] ?? ''],
	});
	await picked.waitForCallback();
	await sandbox.submitModal({ by: 'mod', interactionId: picked.id, fields: {} }).waitForCallback();
	return menuMessage;
}
