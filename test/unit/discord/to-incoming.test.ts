import { describe, expect, it } from 'vitest';
import { isImageAttachment, isTextAttachment, readOnce } from '../../../src/discord/to-incoming.js';

describe('which attachments are read, and how', () => {
	it('reads PNG, JPEG, WebP and GIF as screenshots, by content type or by name', () => {
		expect(isImageAttachment({ name: 'error.png', contentType: null })).toBe(true);
		expect(isImageAttachment({ name: 'blob', contentType: 'image/webp' })).toBe(true);
		expect(isImageAttachment({ name: 'anim.GIF', contentType: null })).toBe(true);
		expect(isImageAttachment({ name: 'photo.jpeg', contentType: 'image/jpeg' })).toBe(true);
		expect(isImageAttachment({ name: 'diagram.svg', contentType: 'image/svg+xml' })).toBe(false);
		expect(isImageAttachment({ name: 'message.txt', contentType: 'text/plain' })).toBe(false);
		expect(isTextAttachment({ name: 'message.txt', contentType: 'text/plain' })).toBe(true);
	});
});

describe('readOnce', () => {
	it('reads once however often and however concurrently it is asked (the key scan and the core share it)', async () => {
		let reads = 0;
		const reader = readOnce(async () => {
			reads += 1;
			return { attachments: [{ name: 'a.txt', text: 'x' }], skipped: [] };
		});
		const [first, second] = await Promise.all([reader(), reader()]);
		const third = await reader();
		expect(reads).toBe(1);
		expect(second).toBe(first);
		expect(third).toBe(first);
	});
});
