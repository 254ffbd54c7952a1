import { describe, expect, it } from 'vitest';
import {
	attachmentNotice,
	attachmentNotices,
	NO_OCR_WORDS,
	newsworthySkips,
	partialReadsOf,
	sizeText,
} from '../../../src/thread/attachment-notice.js';
import type { PartialAttachment } from '../../../src/triage/types.js';

const KB = 1024;
const read = (over: Partial<PartialAttachment> = {}): PartialAttachment => ({
	name: 'message.txt',
	chars: 109 * KB,
	readChars: 64 * KB,
	headChars: 16 * KB,
	tailChars: 48 * KB,
	excerpts: 0,
	...over,
});

describe('attachment notices', () => {
	it('says nothing when every attachment was read whole', () => {
		expect(attachmentNotices([], [])).toEqual([]);
		expect(attachmentNotice([])).toBeNull();
	});

	it('keeps the notice for attachments it did not read', () => {
		expect(attachmentNotice([{ name: 'shot.png', reason: 'not_text' }])).toBe(
			'-# I did not read `shot.png` (it is not a text file). Paste the error part as text, or attach a smaller .txt file.',
		);
	});

	it('says why a screenshot was not read: no OCR engine here, not an image, no text, too slow', () => {
		const notice = attachmentNotice([
			{ name: 'a.png', reason: 'no_ocr' },
			{ name: 'b.png', reason: 'image_unreadable' },
			{ name: 'c.png', reason: 'image_no_text' },
		]);
		expect(notice).toBe(
			'-# I did not read `a.png` (I cannot read images here), `b.png` (it is not an image I can open), `c.png` (I found no text in it). Paste the error part as text, or attach a smaller .txt file.',
		);
		expect(attachmentNotice([{ name: 'd.gif', reason: 'image_timeout' }])).toMatch(/reading the image took too long/);
		expect(attachmentNotice([{ name: 'e.png', reason: 'image_limit' }])).toMatch(
			/`e\.png` \(I read the first 4 images of a message\)/,
		);
	});

	it('says which parts of a long file it read and how much it skipped', () => {
		expect(attachmentNotice([], [read()])).toBe(
			'-# `message.txt` is 109 KB: I read the first 16 KB and the last 48 KB; the middle 45 KB was skipped.',
		);
		expect(attachmentNotice([], [read({ headChars: 16 * KB, tailChars: 40 * KB, excerpts: 3 })])).toBe(
			'-# `message.txt` is 109 KB: I read the first 16 KB, the last 40 KB and 3 parts around error lines; the other 45 KB was skipped.',
		);
		expect(
			attachmentNotice([], [read({ chars: 3 * KB * KB, readChars: 2 * KB, headChars: 2 * KB, tailChars: 0 })]),
		).toBe('-# `message.txt` is 3.0 MB: I read the first 2 KB; the rest (3.0 MB) was skipped.');
	});

	it('asks for the skipped part only when the reply is not an answer', () => {
		expect(attachmentNotice([], [read()], { asking: true })).toMatch(
			/If the error is in a part I skipped, paste that part as text\.$/,
		);
		expect(attachmentNotice([], [read()])).not.toMatch(/paste/);
	});

	it('lists a file past the per-post bound as not read', () => {
		expect(attachmentNotice([], [read({ name: 'b.log', readChars: 0, headChars: 0, tailChars: 0 })])).toMatch(
			/^-# I did not read `b\.log` \(it is past what I read per post\)/,
		);
	});

	it('has a one-line short version, and shows names as code that cannot ping or link', () => {
		const many = Array.from({ length: 6 }, (_, i) => read({ name: `@everyone\`<@1>${i}.txt` }));
		const [full = '', short = ''] = attachmentNotices([], many, { asking: true });
		expect(full.split('\n')).toHaveLength(4);
		expect(full).toMatch(/3 more files were read only in part/);
		expect(full).not.toContain('`<@1>');
		expect(short).toBe(
			'-# I did not read all of `@everyone<@1>0.txt` and 5 more. If the error is in a part I skipped, paste that part as text.',
		);
		expect(short.length).toBeLessThan(200);
	});

	it('rounds sizes for people', () => {
		expect(sizeText(10)).toBe('1 KB');
		expect(sizeText(109 * KB + 300)).toBe('109 KB');
		expect(sizeText(1024 * KB)).toBe('1.0 MB');
	});
});

describe('partialReadsOf', () => {
	it("keeps the parts of this message's attachments, by name and length", () => {
		const text = 'x'.repeat(109 * KB);
		const partial = [read({ chars: text.length }), read({ name: 'earlier.log', chars: 5 })];
		expect(partialReadsOf([{ name: 'message.txt', text }], partial)).toEqual([partial[0]]);
		expect(partialReadsOf([{ name: 'message.txt', text: 'short' }], partial)).toEqual([]);
		expect(partialReadsOf([{ name: 'message.txt', text }], undefined)).toEqual([]);
	});
});

describe('attachment names holding a key', () => {
	it('are shown redacted', () => {
		const key = `sk-or-v1-${'0123456789abcdef'.repeat(4)}`;
		const notice = attachmentNotice([{ name: `${key}.png`, reason: 'not_text' }]);
		expect(notice).toContain('[REDACTED:openrouter]');
		expect(notice).not.toContain('0123456789abcdef0123');
	});
});

describe('newsworthySkips', () => {
	const skipped = [
		{ name: 'a.png', reason: 'no_ocr' as const },
		{ name: 'b.log', reason: 'too_large' as const },
	];
	it('drops the no-OCR reason once the thread was told, and keeps every other reason', () => {
		expect(newsworthySkips(skipped, [])).toEqual(skipped);
		const told = [`-# I did not read \`x.png\` (${NO_OCR_WORDS}). Paste the error part as text.`];
		expect(newsworthySkips(skipped, told)).toEqual([{ name: 'b.log', reason: 'too_large' }]);
	});
});
