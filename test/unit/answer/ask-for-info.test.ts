import { describe, expect, it } from 'vitest';
import { abstainMessage, askForInfo, secretWarning } from '../../../src/answer/ask-for-info.js';
import { FOOTER } from '../../../src/answer/limits.js';
import { DISCORD_MESSAGE_LIMIT } from '../../../src/message-text.js';

describe('askForInfo', () => {
	it('asks for exactly what is missing, one numbered line each with why', () => {
		const text = askForInfo(['error_body', 'code'], []);
		expect(text).toContain('1. **The full error body**');
		expect(text).toContain('2. **The code or settings that make the call**');
		expect(text).not.toContain('model id');
		expect(text).toMatch(/remove API keys/);
		expect(text.endsWith(FOOTER)).toBe(true);
		expect(text.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
	});

	it('asks for the model alone when only the model is missing', () => {
		const text = askForInfo(['model'], []);
		expect(text).toContain('1. **The model id**');
		expect(text).not.toMatch(/error body|code or settings/);
	});

	it('names the kind of secret found and says to revoke it, never the secret', () => {
		const text = askForInfo(['error_body'], ['openai', 'discord-token', 'openai']);
		expect(text).toMatch(/an OpenAI API key and a Discord bot token/);
		expect(text).toMatch(/revoke or rotate it now/);
		expect(secretWarning([])).toBeNull();
	});
});

describe('abstainMessage', () => {
	it('does not guess: says it is not sure, lists what is missing', () => {
		const text = abstainMessage(['error_body'], []);
		expect(text).toMatch(/not sure/);
		expect(text).toContain('1. **The full error body**');
		expect(text).not.toMatch(/human helpers/);
	});

	it('passes to humans when nothing is missing or when handed over', () => {
		expect(abstainMessage([], [])).toMatch(/passed this thread to the human helpers/);
		expect(abstainMessage(['model'], [], { handedToHumans: true })).toMatch(/human helpers/);
	});
});
