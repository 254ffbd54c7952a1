import { Locale } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { ALL_COMMANDS, localizations } from '../../../src/discord/commands.js';
import { CATALOGUES } from '../../../src/i18n/messages.js';

interface Described {
	readonly name: string;
	readonly description?: string;
	readonly description_localizations?: Partial<Record<string, string | null>> | null;
	readonly choices?: readonly { name: string; name_localizations?: Partial<Record<string, string | null>> | null }[];
	readonly options?: readonly Described[];
}

/** Every command, subcommand and option, with its path (`escalations list status`). */
function walk(node: Described, path: string[] = []): { path: string; node: Described }[] {
	const here = [...path, node.name];
	return [{ path: here.join(' '), node }, ...(node.options ?? []).flatMap((o) => walk(o, here))];
}

const everything = ALL_COMMANDS.flatMap((c) => walk(c as Described));
const HAN = /\p{Script=Han}/u;

describe('slash commands in the catalogue’s languages', () => {
	it('every command, subcommand and option has a Simplified Chinese (zh-CN) description from the catalogue', () => {
		expect(everything.length).toBeGreaterThan(15);
		const zhValues = new Set(Object.values(CATALOGUES.zh));
		for (const { path, node } of everything) {
			const zh = node.description_localizations?.[Locale.ChineseCN];
			expect(zh, path).toMatch(HAN);
			expect(zhValues.has(zh as string), path).toBe(true);
			// Discord refuses a description (or its localization) over 100 characters.
			expect((zh as string).length, path).toBeLessThanOrEqual(100);
			expect(node.description?.length ?? 0, path).toBeGreaterThan(0);
			expect(node.description?.length ?? 0, path).toBeLessThanOrEqual(100);
			// Traditional Chinese readers get English rather than Simplified characters.
			expect(node.description_localizations?.[Locale.ChineseTW], path).toBeUndefined();
		}
	});

	it('names the status choices of /escalations list in Chinese too', () => {
		const status = everything.find((e) => e.path === 'escalations list status')?.node;
		expect(status?.choices?.map((c) => [c.name, c.name_localizations?.[Locale.ChineseCN]])).toEqual([
			['open', '待处理'],
			['claimed', '已认领'],
			['emailed', '已发邮件'],
			['resolved', '已解决'],
			['dismissed', '已忽略'],
		]);
	});

	it('keys localizations by Discord locale, never by the bot’s language code', () => {
		expect(Object.keys(localizations('command.doorman'))).toEqual([Locale.ChineseCN]);
	});
});
