import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as evaluate } from '../../src/cli/commands/eval.js';
import { captureIo } from '../support/capture-io.js';
import { type FakeOpenAi, startFakeOpenAi } from '../support/fake-openai.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();
const devFile = path.resolve(import.meta.dirname, '../integration/kb/fixtures/dev.jsonl');
let fake: FakeOpenAi;
beforeAll(async () => {
	fake = await startFakeOpenAi();
});
afterAll(async () => {
	await fake.close();
});

describe('doorman eval --llm', () => {
	it('scores the dev set with the LLM on no lower than the LLM-off table', async () => {
		const dir = tmp();
		writeFileSync(
			path.join(dir, '.env'),
			`LLM_BASE_URL=${fake.baseUrl}\nLLM_MODEL=fake-model\nLLM_PHRASE=true\nLLM_ASSIST=true\n`,
		);
		const io = captureIo(dir);
		expect(await evaluate.run([devFile, '--llm'], io)).toBe(0);
		const off = Number(/top-1 accuracy\s+([\d.]+)/.exec(io.out())?.[1]);
		const on = Number(/with the LLM .*top-1 accuracy ([\d.]+)/.exec(io.out())?.[1]);
		expect(on).toBeGreaterThanOrEqual(off);
		expect(io.out()).toMatch(/llm-phrased [1-9]/);
	});

	it('explains what to set when the LLM is not configured', async () => {
		const io = captureIo(tmp());
		expect(await evaluate.run([devFile, '--llm'], io)).toBe(2);
		expect(io.err()).toMatch(/LLM_BASE_URL and LLM_MODEL/);
	});
});
