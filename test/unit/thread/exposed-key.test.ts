import { describe, expect, it } from 'vitest';
import { DISCORD_MESSAGE_LIMIT } from '../../../src/message-text.js';
import {
	findExposedKey,
	moderatorKeyNotice,
	parseRepost,
	repostMessage,
	rotateLine,
	unreachableKeyNotice,
} from '../../../src/thread/exposed-key.js';

const KEY = `sk-or-v1-${'0123456789abcdef'.repeat(4)}`;

describe('findExposedKey', () => {
	it('is null for a message without a key', () => {
		expect(findExposedKey('403 on o3, help', [{ name: 'message.txt', text: 'HTTP 403' }])).toBeNull();
	});

	it('redacts the text, the attachments and their names, and names the kinds', () => {
		const exposed = findExposedKey(`key: ${KEY}`, [{ name: `${KEY}.txt`, text: `"api_key\\": \\"x\\n${KEY}` }]);
		expect(exposed?.kinds).toEqual(['openrouter']);
		expect(JSON.stringify(exposed)).not.toContain('0123456789abcdef0123');
		expect(exposed?.content).toBe('key: [REDACTED:openrouter]');
	});
});

describe('repostMessage', () => {
	const exposed = (content: string) => findExposedKey(content, []) ?? { kinds: [], content, attachments: [] };

	it('finds a key read from a screenshot, and says the image is not reposted (an image cannot be redacted)', () => {
		const found = findExposedKey('what is wrong?', [{ name: 'shot.png', text: `$ export KEY=${KEY}`, source: 'ocr' }]);
		expect(found?.kinds).toEqual(['openrouter']);
		expect(found?.attachments).toEqual([
			{ name: 'shot.png', text: '$ export KEY=[REDACTED:openrouter]', source: 'ocr' },
		]);
		const repost = repostMessage('1100000000000000100', found ?? exposed(''));
		expect(repost.content).toContain('> what is wrong?');
		expect(repost.content).toMatch(/-# I did not repost `shot\.png`: an image cannot be redacted\.$/);
		expect(parseRepost(repost.content)?.text).toBe('what is wrong?');
	});

	it('attributes the post, quotes it redacted, says to rotate the key, and reads back as the same text', () => {
		const text = `line one ${KEY}\n\nline three @everyone`;
		const repost = repostMessage('1100000000000000100', exposed(text));
		expect(repost.content.startsWith('🔒 <@1100000000000000100> wrote')).toBe(true);
		expect(repost.content).toContain('> line one [REDACTED:openrouter]');
		expect(repost.content).not.toContain('@everyone');
		expect(repost.content).toMatch(/rotate/);
		expect(repost.fullText).toBeNull();
		expect(parseRepost(repost.content)).toEqual({
			authorId: '1100000000000000100',
			text: 'line one [REDACTED:openrouter]\n\nline three @everyone',
		});
	});

	it('names the poster beside the mention, as plain text, and still reads back', () => {
		const repost = repostMessage('42', exposed(`x ${KEY}`), 'ana **<@1>**');
		expect(repost.content.startsWith('🔒 <@42> (ana 1) wrote')).toBe(true);
		expect(parseRepost(repost.content)).toEqual({ authorId: '42', text: 'x [REDACTED:openrouter]' });
	});

	it('fits one Discord message and hands back the whole text to attach when the post is long', () => {
		const repost = repostMessage('1', exposed(`${KEY}\n${'a long line of log output '.repeat(200)}`));
		expect(repost.content.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
		expect(repost.fullText?.startsWith('[REDACTED:openrouter]')).toBe(true);
		expect(repost.content).toContain('post.txt');
	});

	it('is not mistaken for any other message of the bot', () => {
		expect(parseRepost('ack: 403 on o3')).toBeNull();
		expect(parseRepost('> 🔒 <@1> wrote (I removed the original because it contained an API key):\n> x')).toBeNull();
	});
});

describe('notices', () => {
	it('tell the poster to rotate the key, and the moderators where it is', () => {
		expect(rotateLine(['openai'], false)).toMatch(/cannot remove it.*rotate the key/);
		expect(rotateLine(['generic'], true)).toMatch(/rotate that key/);
		const notice = moderatorKeyNotice('https://discord.com/channels/1/2', '3', ['azure']);
		expect(notice).toContain('https://discord.com/channels/1/2');
		expect(notice).toContain('Manage Messages');
		// In the moderators' language (MODERATOR_LANGUAGE=zh), naming the permission as Discord's Chinese client does.
		expect(moderatorKeyNotice('https://discord.com/channels/1/2', '3', ['azure'], 'zh')).toBe(
			'🔒 <@3> 在 https://discord.com/channels/1/2 发的一条消息包含 API 密钥（azure）。我没有“管理消息”权限，无法删除它：请将其删除。已提醒发帖人轮换该密钥。',
		);
	});

	it("name a removal a restart could not reach by ids, in the moderators' language", () => {
		expect(unreachableKeyNotice('11', '22')).toBe(
			'🔒 Message 22 in <#11> holds an API key. Removing it was cut short by a restart and I can no longer reach it: please delete it.',
		);
		expect(unreachableKeyNotice('11', '22', 'zh')).toBe(
			'🔒 <#11> 中的消息 22 包含 API 密钥。删除它的操作被一次重启打断，而我现在已无法访问这条消息：请将其删除。',
		);
	});
});
