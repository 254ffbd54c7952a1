import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { command as kbLint } from '../../../src/cli/commands/kb-lint.js';
import { KbError } from '../../../src/kb/errors.js';
import { loadVendors, readVendorFiles } from '../../../src/kb/load.js';
import { isEmailAddress, ROUTE_VENDOR } from '../../../src/kb/vendors.js';
import { defaultKbDir } from '../../../src/paths.js';
import { RouteSchema } from '../../../src/triage/types.js';
import { captureIo } from '../../support/capture-io.js';
import { useTmpDir } from '../../support/tmp-dir.js';

const tmp = useTmpDir();

describe('the shipped vendor records (kb/vendors)', () => {
	const vendors = loadVendors(defaultKbDir());

	it('all load and lint clean', () => {
		expect(readVendorFiles(defaultKbDir()).flatMap((f) => f.problems)).toEqual([]);
		expect(vendors.size).toBeGreaterThan(20);
	});

	it("hold OpenRouter's documented address, and only email addresses as support_email", () => {
		expect(vendors.get('openrouter')?.support_email).toBe('support@openrouter.ai');
		for (const v of vendors.values())
			if (v.support_email !== undefined) expect(isEmailAddress(v.support_email)).toBe(true);
	});

	it('have a record for every route that names a party', () => {
		for (const route of RouteSchema.options) {
			const id = ROUTE_VENDOR[route];
			if (id !== undefined) expect(vendors.has(id), `${route} → ${id}`).toBe(true);
		}
	});
});

describe('doorman kb lint on vendor records', () => {
	it('names the file and line of a record whose contact has no source, or whose id is not its file name', async () => {
		const dir = tmp();
		mkdirSync(path.join(dir, 'vendors'));
		copyFileSync(path.join(defaultKbDir(), 'vendors', 'openrouter.yaml'), path.join(dir, 'vendors', 'openrouter.yaml'));
		writeFileSync(
			path.join(dir, 'vendors', 'acme.yaml'),
			[
				'id: acme-ai',
				'name: Acme AI',
				'kind: vendor',
				'support_email: help@acme.test',
				'docs: https://docs.acme.test',
				'sources:',
				'  - field: docs',
				'    url: https://docs.acme.test/errors',
				'    section: Errors',
				"    states: 'The docs root.'",
				'checked: 2026-12-01',
				'',
			].join('\n'),
		);
		const io = captureIo(dir);
		expect(await kbLint.run(['--kb', dir], io)).toBe(1);
		expect(io.err()).toContain("vendors/acme.yaml:1: id 'acme-ai' must equal the file name 'acme'");
		expect(io.err()).toContain('vendors/acme.yaml:4: support_email has no sources item saying which page states it');
		expect(io.err()).not.toContain('openrouter.yaml');
		expect(() => loadVendors(dir)).toThrow(KbError);
	});
});
