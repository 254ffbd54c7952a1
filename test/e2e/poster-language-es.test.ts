import { Locale } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { waitFor } from '../support/eventually.js';
import {
	askThenAnswer,
	GEMINI_LOCATION_ERROR as ERROR_BODY,
	expectTwinsAgree,
	handOffFromAnswer,
	GOOGLE_TEST_KEY as KEY,
} from '../support/language-twins.js';
import { botMessages, lastButton } from '../support/transcript.js';

let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

/** Words only the Spanish catalogue or KB translation would put in a message. */
const SPANISH = /\b(?:Gracias|Solución|Fuentes|Causa probable|Escalación|pasado esto al equipo|Respuesta automática)\b/;

describe('answers in Spanish (real discord.js client ↔ sandbox, the shipped KB and its kb/i18n/es)', () => {
	it('a Spanish thread gets the ask, the answer, the key warning and the Solved reply in Spanish; its English twin the same cause and sources', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox } = harness;
		const es = await askThenAnswer(harness, {
			title: 'La API de Gemini falla siempre',
			first: `Mis llamadas a Gemini fallan siempre y no sé por qué, ¿alguien puede echarle un vistazo? La clave que uso es ${KEY}`,
			second: `Este es el error completo:\n${ERROR_BODY}`,
		});
		const en = await askThenAnswer(harness, {
			title: 'Gemini API keeps failing',
			first: `My calls to Gemini keep failing and I do not know why, could someone take a look? The key I use is ${KEY}`,
			second: `Here is the full error:\n${ERROR_BODY}`,
		});

		// The ask, with the key warning, in Spanish; the English twin's in English.
		expect(es.ask).toMatch(/^⚠️ Tu mensaje contenía lo que parece una clave de API de Google\./);
		expect(es.ask).toContain('1. **El cuerpo completo del error**');
		expect(es.ask).toContain('Quita las claves de API y los tokens antes de pegar');
		expect(es.ask).not.toMatch(/Thanks|not sure|Please remove|Automated answer/);
		expect(en.ask).toMatch(/^⚠️ Your post contained what looks like a Google API key/);
		expect(en.ask).not.toMatch(SPANISH);
		// The key's message was removed and reposted redacted, with the rotate warning in the thread's language.
		const repost = (threadId: string) =>
			botMessages(sandbox, threadId).find((m) => m.content.startsWith('🔒'))?.content;
		expect(repost(es.threadId)).toMatch(
			/^🔒 <@\d+> \([^)]*\) escribió \(eliminé el original porque contenía una clave de API\):/,
		);
		expect(repost(es.threadId)).toContain('revoca o rota esa clave `google` y usa la nueva');
		expect(repost(en.threadId)).toMatch(/^🔒 <@\d+> \([^)]*\) wrote \(I removed the original/);

		// The answer: the entry's Spanish translation, the same cause and the same pages as the English answer.
		expect(es.answer).toContain('**La API de Gemini rechaza tu ubicación');
		expect(es.answer).toContain('**Solución**\n1. Activa la facturación en el proyecto desde Google AI Studio');
		expect(es.answer).toContain(
			'Nota: aquí ha llegado como HTTP 400 (Bad Request) en lugar de 403; es la misma causa.',
		);
		expect(es.answer).toContain('-# Respuesta automática de Doorman');
		// Every page's statement is translated (kb/i18n/es has them all): none is left in English.
		expect(es.answer).toContain(
			'**Fuentes**\n1. [Troubleshooting guide | Gemini API](<https://ai.google.dev/gemini-api/docs/troubleshooting>), Gemini API backend service error codes: Incluye 400 FAILED_PRECONDITION',
		);
		expect(es.answer).not.toContain('aún no tiene traducción al español');
		expect(es.answer).not.toMatch(/\*\*(Fix|Sources|If it persists)\*\*|Automated answer/);
		expect(en.answer).toContain('**The Gemini API refuses your location');
		expect(en.answer).not.toMatch(SPANISH);
		expectTwinsAgree(harness, es, en);

		// The buttons under the answer are labelled in Spanish; "Resuelto" pressed from a Latin American Spanish client.
		expect(botMessages(sandbox, es.threadId).find((m) => m.content === es.answer)?.buttons).toEqual([
			'Resuelto',
			'No ayudó',
		]);
		await sandbox
			.clickButton({ by: 'alice', locale: Locale.SpanishLATAM, ...lastButton(sandbox, es.threadId, 'Resuelto') })
			.waitForCallback();
		await waitFor(() => botMessages(sandbox, es.threadId).some((m) => m.content.includes('marcado')), 'ack');
		expect(botMessages(sandbox, es.threadId).at(-1)?.content).toBe(
			'Me alegro de que esté resuelto. He marcado esta publicación como resuelta.',
		);
	});

	it('hands a Spanish thread off in Spanish, while the moderators’ queue and the vendor email stay English', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const words =
			'Las llamadas a Gemini fallan siempre, no sé cuál es la causa; agradecería que alguien le echara un vistazo.';
		const es = await askThenAnswer(harness, {
			title: 'La API de Gemini falla siempre',
			first: words,
			second: `Este es el error completo:\n${ERROR_BODY}`,
		});
		expect(es.answer).toContain('**Solución**');
		const { draft, email, queue } = await handOffFromAnswer(harness, es.threadId, {
			label: 'No ayudó',
			locale: Locale.SpanishES,
		});
		// The lines around the email are the poster's; the email itself is for the vendor, in English.
		expect(draft).toMatch(/^He pasado esto al equipo\./);
		// The poster's own words are quoted verbatim; the rest of the email is English.
		expect(email).toContain(`    ${words}`);
		expect(email.replace(words, '')).not.toMatch(/[áéíóúñ¿]/);
		const queueText = queue?.content ?? '';
		expect(queueText).toMatch(/^\*\*Escalation #1\*\* · 🟠 Open/);
		// The likely cause is the entry's English title: moderators read English (MODERATOR_LANGUAGE unset).
		expect(queueText).toContain('**Likely cause:** Gemini API says your location is not supported (');
		expect(queueText).toContain(`**In their words:** ${words}`);
		expect(queueText.replace(words, '').replace('La API de Gemini falla siempre', '')).not.toMatch(
			/[áéíóúñ¿]|\b(?:Causa|Hilo|Motivo|Escalación)\b/,
		);
	});
});
