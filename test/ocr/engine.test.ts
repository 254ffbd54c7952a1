import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createOcrEngine, disabledOcr } from '../../src/ocr/engine.js';
import { Limiter } from '../../src/ocr/limiter.js';
import { preprocessImage } from '../../src/ocr/preprocess.js';
import type { OcrSettings } from '../../src/settings/ocr.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();
const SHOTS = path.join(import.meta.dirname, '..', 'fixtures', 'screenshots');
const settings: OcrSettings = {
	enginePath: 'tesseract',
	languages: 'eng+chi_sim',
	timeoutMs: 30_000,
	maxBytes: 1024 * 1024,
	concurrency: 1,
	env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
};

describe('the OCR engine (Tesseract as a child process)', () => {
	it('reads the text of a browser network-panel screenshot', async () => {
		const engine = createOcrEngine(settings);
		expect(await engine.probe()).toMatchObject({ available: true, detail: expect.stringMatching(/^tesseract 5/) });
		const read = await engine.read(readFileSync(path.join(SHOTS, 'network-tab-openrouter.png')));
		expect(read.ok).toBe(true);
		if (read.ok) expect(read.text).toContain('This model is not available in your region.');
	});

	it('is unavailable when the program is missing, and says so', async () => {
		const engine = createOcrEngine({ ...settings, enginePath: '/nonexistent/tesseract' });
		expect(await engine.probe()).toEqual({ available: false, detail: 'not installed (/nonexistent/tesseract)' });
		expect(await engine.read(Buffer.from('x'))).toMatchObject({ ok: false, reason: 'unavailable' });
		expect((await disabledOcr.probe()).available).toBe(false);
	});

	it('refuses an image over the size cap without decoding it, and bytes that are no image', async () => {
		const engine = createOcrEngine(settings);
		await engine.probe();
		expect(await engine.read(Buffer.alloc(settings.maxBytes + 1))).toEqual({ ok: false, reason: 'too_large', ms: 0 });
		const broken = await engine.read(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]));
		expect(broken).toMatchObject({ ok: false, reason: 'malformed' });
	});

	it('refuses a decompression bomb (a tiny file declaring a huge image) before allocating it', async () => {
		const bomb = pngDeclaring(100_000, 100_000);
		expect(bomb.length).toBeLessThan(100);
		await expect(preprocessImage(bomb)).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE' });
	});

	it('kills an engine that does not answer within the timeout', async () => {
		// A stand-in engine that knows --version and --list-langs but hangs on an image.
		const script = path.join(tmp(), 'slow-tesseract');
		writeFileSync(
			script,
			'#!/bin/sh\ncase "$1" in --version) echo "tesseract 5.3.0";; --list-langs) echo eng;; *) exec sleep 30;; esac\n',
		);
		chmodSync(script, 0o755);
		const engine = createOcrEngine({ ...settings, enginePath: script, timeoutMs: 800 });
		expect(await engine.probe()).toEqual({ available: true, detail: 'tesseract 5.3.0 (eng)' });
		const read = await engine.read(readFileSync(path.join(SHOTS, 'network-tab-openrouter.png')));
		expect(read).toMatchObject({ ok: false, reason: 'timeout' });
	});
});

/** A PNG whose header declares `width` × `height` pixels and that holds no image data. */
function pngDeclaring(width: number, height: number): Buffer {
	const crcTable = Array.from({ length: 256 }, (_, n) => {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		return c >>> 0;
	});
	const crc = (bytes: Buffer) => {
		let c = 0xffffffff;
		for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
		return (c ^ 0xffffffff) >>> 0;
	};
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const out = Buffer.alloc(body.length + 8);
		out.writeUInt32BE(data.length, 0);
		body.copy(out, 4);
		out.writeUInt32BE(crc(body), body.length + 4);
		return out;
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.writeUInt8(8, 8);
	header.writeUInt8(0, 9);
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return Buffer.concat([signature, chunk('IHDR', header), chunk('IEND', Buffer.alloc(0))]);
}

describe('pre-processing', () => {
	it('scales a small screenshot up; makes it grey and inverts a dark one only when asked', async () => {
		const dark = readFileSync(path.join(SHOTS, 'terminal-dark-openai-region.png'));
		const shipped = await preprocessImage(dark);
		expect((await sharp(shipped).metadata()).width).toBe(900 * 2);
		expect((await sharp(shipped).stats()).channels[0]?.mean).toBeLessThan(110);
		const inverted = await preprocessImage(dark, { grey: true, upscale: false, invert: true });
		const { channels } = await sharp(inverted).stats();
		expect(channels).toHaveLength(1);
		expect(channels[0]?.mean).toBeGreaterThan(128);
	});
});

describe('Limiter', () => {
	it('runs at most `limit` tasks at once and refuses past `maxWaiting`', async () => {
		const limiter = new Limiter(1, 1);
		let running = 0;
		let most = 0;
		const release: (() => void)[] = [];
		const task = () =>
			new Promise<string>((resolve) => {
				running++;
				most = Math.max(most, running);
				release.push(() => {
					running--;
					resolve('done');
				});
			});
		const first = limiter.run(task);
		const second = limiter.run(task);
		expect(await limiter.run(task)).toBeNull();
		release.shift()?.();
		expect(await first).toBe('done');
		await new Promise((resolve) => setImmediate(resolve));
		release.shift()?.();
		expect(await second).toBe('done');
		expect(most).toBe(1);
	});
});
