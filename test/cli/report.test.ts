import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { command as report } from '../../src/cli/commands/report.js';
import { captureIo } from '../support/capture-io.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();

describe('doorman report', () => {
	it('prints the figures of an empty database as text and as JSON', async () => {
		const dir = tmp();
		const db = path.join(dir, 'doorman.db');
		const text = captureIo(dir);
		expect(await report.run(['--db', db], text)).toBe(0);
		expect(text.out()).toMatch(/^Doorman report \d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}\nposts 0 · answered 0/);
		const json = captureIo(dir);
		expect(await report.run(['--since', '8w', '--json', '--db', db], json)).toBe(0);
		expect(JSON.parse(json.out())).toMatchObject({ totals: { posts: 0 }, gaps: [], threads: [] });
	});

	it('prints the text in MODERATOR_LANGUAGE when the operator set it; JSON keeps its English field names', async () => {
		const dir = tmp();
		writeFileSync(path.join(dir, '.env'), 'MODERATOR_LANGUAGE=zh\n');
		const db = path.join(dir, 'doorman.db');
		const text = captureIo(dir);
		expect(await report.run(['--db', db], text)).toBe(0);
		expect(text.out()).toMatch(/^Doorman 报告 \d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}\n帖子 0 · 已回答 0/);
		expect(text.out()).toContain('\n机器人无法归类的错误（按数量从多到少）：\n  无\n');
		expect(text.out()).not.toMatch(/posts|answered|none/);
		const json = captureIo(dir);
		expect(await report.run(['--json', '--db', db], json)).toBe(0);
		expect(JSON.parse(json.out())).toMatchObject({ totals: { posts: 0 } });
	});

	it('says what is wrong with the command line', async () => {
		const dir = tmp();
		for (const args of [['--since', 'soon'], ['--json', '--html', 'x.html'], ['extra'], ['--bogus']]) {
			const io = captureIo(dir);
			expect(await report.run(args, io)).toBe(2);
			expect(io.err()).toMatch(/usage: doorman report/);
		}
	});
});
