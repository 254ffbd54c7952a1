import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { command as triageCommand } from '../../src/cli/commands/triage.js';
import { captureIo } from '../support/capture-io.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmpDir = useTmpDir();
const ERROR_BODY =
	'{"error":{"code":400,"message":"User location is not supported for the API use.","status":"FAILED_PRECONDITION"}}';
const ZH_POST = `调用 Gemini 接口的时候返回了下面这个错误，换了好几个 key 都一样，怎么办？\n${ERROR_BODY}`;
const EN_POST = `Calling the Gemini API returns the error below, whichever key I use. What can I do?\n${ERROR_BODY}`;

async function triageJson(dir: string, post: string) {
	const io = captureIo(dir, post);
	const code = await triageCommand.run(['--json', '--kb', 'kb'], io);
	expect(code).toBe(0);
	return JSON.parse(io.out()) as { lang: string; detectedLang: string | null; reply: string; cause: string };
}

/** The shipped KB, with the Chinese translation of the Gemini location entry. */
function kbWithTranslation(dir: string): void {
	cpSync(path.join(process.cwd(), 'kb'), path.join(dir, 'kb'), { recursive: true });
	mkdirSync(path.join(dir, 'kb', 'i18n', 'zh'), { recursive: true });
	cpSync(
		path.join(process.cwd(), 'test', 'fixtures', 'i18n', 'zh', 'gemini-user-location.yaml'),
		path.join(dir, 'kb', 'i18n', 'zh', 'gemini-user-location.yaml'),
	);
}

describe('doorman triage --json answers in the post’s language and says which', () => {
	it('a Chinese sentence around an English error body gets the Chinese answer, "lang": "zh"', async () => {
		const dir = tmpDir();
		kbWithTranslation(dir);
		const zh = await triageJson(dir, ZH_POST);
		expect(zh).toMatchObject({ lang: 'zh', detectedLang: 'zh', cause: 'unsupported_region' });
		expect(zh.reply).toContain('**解决方法**');
		const en = await triageJson(dir, EN_POST);
		expect(en).toMatchObject({ lang: 'en', detectedLang: 'en', cause: 'unsupported_region' });
		expect(en.reply).toContain('**Fix**');
	});

	it('a Spanish sentence around an English error body gets the Spanish answer, "lang": "es"', async () => {
		const dir = tmpDir();
		kbWithTranslation(dir);
		const post = `Al llamar a la API de Gemini me devuelve este error, da igual la clave que use:\n${ERROR_BODY}`;
		const es = await triageJson(dir, post);
		expect(es).toMatchObject({ lang: 'es', detectedLang: 'es', cause: 'unsupported_region' });
		expect(es.reply).toContain('**Solución**');
		expect(es.reply).toContain('-# Respuesta automática de Doorman');
	});

	it('DEFAULT_LANGUAGE applies when the post’s own words do not tell; an untranslated entry is answered in English', async () => {
		const dir = tmpDir();
		kbWithTranslation(dir);
		writeFileSync(path.join(dir, '.env'), 'DEFAULT_LANGUAGE=zh\n');
		// An operator's KB whose OpenAI region entry has no Chinese yet.
		rmSync(path.join(dir, 'kb', 'i18n', 'zh', 'openai-unsupported-region.yaml'));
		expect(await triageJson(dir, ERROR_BODY)).toMatchObject({ lang: 'zh', detectedLang: null });
		const region = `调用 OpenAI 接口一直返回下面的错误，怎么办？\n{"error":{"code":"unsupported_country_region_territory","message":"Country, region, or territory not supported","type":"request_forbidden"}}`;
		const untranslated = await triageJson(dir, region);
		expect(untranslated).toMatchObject({ lang: 'en', detectedLang: 'zh', cause: 'unsupported_region' });
		expect(untranslated.reply).not.toMatch(/\p{Script=Han}/u);
	});
});
