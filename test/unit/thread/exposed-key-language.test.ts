import { describe, expect, it } from 'vitest';
import { findExposedKey, parseRepost, repostMessage, rotateLine } from '../../../src/thread/exposed-key.js';

const KEY = `sk-or-v1-${'0123456789abcdef'.repeat(4)}`;

describe('the repost of a message holding a key, in the thread’s language', () => {
	it('is written in Chinese for a Chinese thread and still reads back as the poster’s text', () => {
		const found = findExposedKey(`我的 key 是 ${KEY}，为什么报 403？`, []);
		expect(found).not.toBeNull();
		if (found === null) return;
		const repost = repostMessage('1100000000000000100', found, 'alice', 'zh');
		expect(
			repost.content.startsWith('🔒 <@1100000000000000100> (alice) 写道（原消息包含 API 密钥，我已将其删除）：\n'),
		).toBe(true);
		expect(repost.content).toContain('⚠️ 它此前一直是公开的：请吊销或轮换该`openrouter` 密钥，并改用新的密钥。');
		expect(repost.content).not.toMatch(/wrote|revoke/);
		expect(parseRepost(repost.content)).toEqual({
			authorId: '1100000000000000100',
			text: '我的 key 是 [REDACTED:openrouter]，为什么报 403？',
		});
	});

	it('tells the poster to delete and rotate in their language when the bot cannot remove the message', () => {
		expect(rotateLine(['generic'], false, 'zh')).toBe(
			'⚠️ 你的消息包含 API 密钥，而且是公开的。我无法在这里删除它（已通知版主）：请自行删除，然后吊销或轮换该密钥，并改用新的密钥。',
		);
		expect(rotateLine(['generic'], false)).toMatch(/^⚠️ Your message contains an API key and is public\./);
	});
});
