import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_USAGE } from '../../../src/cli/command.js';
import { command } from '../../../src/cli/commands/kb-lint.js';
import { KbError } from '../../../src/kb/errors.js';
import { loadKb } from '../../../src/kb/load.js';
import { defaultKbDir } from '../../../src/paths.js';
import { captureIo } from '../../support/capture-io.js';
import { useTmpDir } from '../../support/tmp-dir.js';
import { entryFile, VALID_FRONT_MATTER } from '../../unit/kb/an-entry.js';

const tmpDir = useTmpDir();

describe('doorman kb lint', () => {
	it('passes the shipped KB (the default directory) and says how many entries it checked', async () => {
		const io = captureIo(process.cwd());
		expect(await command.run([], io)).toBe(0);
		expect(io.out()).toMatch(/^kb ok: \d+ entries, \d+ cases, \d+ concepts in kb\n$/);
		expect(io.err()).toBe('');
	});

	it('exits 1 with file:line: problem for each bad file in a directory', async () => {
		const dir = tmpDir();
		writeFileSync(path.join(dir, 'good.md'), entryFile(VALID_FRONT_MATTER));
		writeFileSync(path.join(dir, 'dup.md'), entryFile(VALID_FRONT_MATTER));
		writeFileSync(
			path.join(dir, 'bad-cause.md'),
			entryFile(
				VALID_FRONT_MATTER.replace('id: openrouter-key-limit', 'id: other').replace(
					'cause: key_credit_or_limit',
					'cause: nope',
				),
			),
		);
		writeFileSync(path.join(dir, 'no-front-matter.md'), '# hello\n');
		writeFileSync(path.join(dir, 'README.md'), '# not an entry\n');
		const io = captureIo(dir);
		expect(await command.run(['--kb', '.'], io)).toBe(1);
		const lines = io.err().trim().split('\n');
		expect(lines).toContainEqual(expect.stringMatching(/^bad-cause\.md:3: unknown cause 'nope'/));
		expect(lines).toContainEqual(
			expect.stringMatching(/^good\.md:2: duplicate id 'openrouter-key-limit' \(also .*dup\.md:2\)$/),
		);
		expect(lines).toContainEqual(expect.stringMatching(/^no-front-matter\.md:1: missing YAML front matter/));
		// The two valid-looking entries also cite a page with no source record in this folder.
		expect(lines).toContainEqual(expect.stringMatching(/has no source record \(kb\/sources\/\*\.yaml\)/));
		expect(lines.at(-1)).toMatch(/^doorman kb lint: \d+ problem\(s\) in /);
		expect(io.out()).toBe('');
	});

	it('exits 1 naming the translation file an entry is missing', async () => {
		const dir = tmpDir();
		cpSync(defaultKbDir(), dir, { recursive: true });
		rmSync(path.join(dir, 'i18n', 'zh', 'openai-unsupported-region.yaml'));
		const io = captureIo(dir);
		expect(await command.run(['--kb', '.'], io)).toBe(1);
		const lines = io.err().trim().split('\n');
		expect(lines).toEqual([
			"i18n/zh/openai-unsupported-region.yaml:0: is missing: translate title, diagnosis and fix of the entry 'openai-unsupported-region'",
			expect.stringMatching(/^doorman kb lint: 1 problem\(s\) in /),
		]);
	});

	it('exits 1 when the directory cannot be read, and 2 with usage on bad arguments', async () => {
		const io = captureIo(tmpDir());
		expect(await command.run(['--kb', 'missing-dir'], io)).toBe(1);
		expect(io.err()).toMatch(/cannot read the knowledge-base folder/);
		const bad = captureIo(process.cwd());
		expect(await command.run(['--kb'], bad)).toBe(EXIT_USAGE);
		expect(bad.err()).toMatch(/usage: doorman kb lint \[--kb DIR\]/);
		const extra = captureIo(process.cwd());
		expect(await command.run(['surprise'], extra)).toBe(EXIT_USAGE);
		expect(extra.err()).toMatch(/unexpected argument 'surprise'/);
	});
});

describe('loadKb', () => {
	it('throws a KbError listing every file:line problem, so the bot never starts with a broken KB', () => {
		const dir = tmpDir();
		cpSync(defaultKbDir(), dir, { recursive: true });
		writeFileSync(
			path.join(dir, 'zz-broken.md'),
			entryFile(VALID_FRONT_MATTER.replace('weight: 12 }', 'weight: lots }')),
		);
		let error: unknown;
		try {
			loadKb(dir);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(KbError);
		expect(error).toMatchObject({ code: 'KB_INVALID' });
		expect((error as KbError).message).toMatch(/zz-broken\.md:\d+: signals\.0\.weight/);
		expect(() => loadKb(tmpDir())).toThrow(expect.objectContaining({ code: 'KB_EMPTY' }));
	});
});
