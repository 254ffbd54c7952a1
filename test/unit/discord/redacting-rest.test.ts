import { describe, expect, it } from 'vitest';
import { redactingRequest, redactRequestBody } from '../../../src/discord/redacting-rest.js';
import { plantedKeys } from '../../support/key-formats.js';

const KEYS = plantedKeys();
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00]);

describe('the Discord REST boundary redacts what the bot sends', () => {
	it('redacts every string of a JSON body and keeps its structure', async () => {
		const body = JSON.stringify({
			content: KEYS.map((k) => k.text).join('\n'),
			embeds: [{ description: KEYS[0]?.text }],
			nonce: 'dm0123456789abcdef0123',
			components: [{ type: 1, components: [{ type: 2, custom_id: 'fb:v1:solved:1' }] }],
		});
		const out = JSON.parse(String(await redactRequestBody(body)));
		expect(KEYS.filter((k) => JSON.stringify(out).includes(k.secret)).map((k) => k.format)).toEqual([]);
		expect(out.nonce).toBe('dm0123456789abcdef0123');
		expect(out.components[0].components[0].custom_id).toBe('fb:v1:solved:1');
	});

	it('redacts the payload and text files of a multipart body, and leaves binary files alone', async () => {
		const key = KEYS.find((k) => k.format.startsWith('gitlab'));
		if (key === undefined) throw new Error('no gitlab key');
		const form = new FormData();
		form.append('payload_json', JSON.stringify({ content: `see ${key.text}` }));
		form.append('files[0]', new Blob([`token ${key.text}\nHTTP 403`], { type: 'text/plain' }), 'message.txt');
		form.append('files[1]', new Blob([PNG], { type: 'image/png' }), 'shot.png');
		const out = await redactRequestBody(form);
		if (!(out instanceof FormData)) throw new Error('not a form');
		expect(String(out.get('payload_json'))).toBe('{"content":"see [REDACTED:gitlab]"}');
		const text = out.get('files[0]');
		const image = out.get('files[1]');
		if (!(text instanceof File) || !(image instanceof File)) throw new Error('files missing');
		expect(text.name).toBe('message.txt');
		expect(await text.text()).toBe('token [REDACTED:gitlab]\nHTTP 403');
		expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG);
	});

	it('passes a request without a body through untouched', async () => {
		const seen: unknown[] = [];
		const send = redactingRequest(async (_url, init) => {
			seen.push(init);
			return new Response('{}');
		});
		const init = { method: 'GET' };
		await send('http://127.0.0.1/api/v10/gateway/bot', init);
		expect(seen).toEqual([init]);
	});
});
