import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { command as triageCommand } from '../../src/cli/commands/triage.js';
import { captureIo } from '../support/capture-io.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmpDir = useTmpDir();
const REGION_POST =
	"PermissionDeniedError: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country, region, or territory not supported', 'param': None, 'type': 'request_forbidden'}}\nmodel gpt-4o";

async function triage(dir: string, args: string[]) {
	const io = captureIo(dir, REGION_POST);
	const code = await triageCommand.run(args, io);
	return { code, io, out: code === 0 && args.includes('--json') ? JSON.parse(io.out()) : null };
}

describe('doorman triage honours .env like the bot', () => {
	it('uses MATCH_THRESHOLD and KB_DIR from .env; --threshold and --kb override them', async () => {
		const dir = tmpDir();
		expect((await triage(dir, ['--json'])).out).toMatchObject({ cause: 'unsupported_region', abstained: false });
		writeFileSync(path.join(dir, '.env'), 'MATCH_THRESHOLD=1\n');
		expect((await triage(dir, ['--json'])).out).toMatchObject({ cause: null, abstained: true });
		expect((await triage(dir, ['--json', '--threshold', '0.5'])).out).toMatchObject({ abstained: false });

		cpSync(path.join(process.cwd(), 'kb'), path.join(dir, 'my-kb'), { recursive: true });
		writeFileSync(path.join(dir, '.env'), 'KB_DIR=./no-such-kb\n');
		const missing = await triage(dir, ['--json']).catch((error: unknown) => error);
		expect(String(missing)).toMatch(/no-such-kb/);
		expect((await triage(dir, ['--json', '--kb', 'my-kb'])).out).toMatchObject({ abstained: false });
		writeFileSync(path.join(dir, '.env'), 'KB_DIR=./my-kb\n');
		expect((await triage(dir, ['--json'])).out).toMatchObject({ cause: 'unsupported_region' });
	});

	it('stops on a bad setting, as `doorman start` does', async () => {
		const dir = tmpDir();
		writeFileSync(path.join(dir, '.env'), 'MATCH_THRESHOLD=2\n');
		const { code, io } = await triage(dir, []);
		expect(code).toBe(1);
		expect(io.err()).toMatch(/configuration problems:\n {2}- MATCH_THRESHOLD: /);
	});
});
