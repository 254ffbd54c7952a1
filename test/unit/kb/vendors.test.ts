import { describe, expect, it } from 'vitest';
import {
	isEmailAddress,
	lintVendorFiles,
	parseVendorFile,
	vendorDirectory,
	vendorOfModel,
	vendorOfName,
	vendorOfProvider,
	vendorOfRoute,
} from '../../../src/kb/vendors.js';
import { VENDORS } from '../escalation/fixtures.js';

const OPENROUTER = `id: openrouter
name: OpenRouter
kind: router
support_email: support@openrouter.ai
docs: https://openrouter.ai/docs
sources:
  - field: support_email
    url: https://openrouter.ai/docs/faq
    section: 'How do I get support?'
    states: 'Names this address for account questions.'
  - field: docs
    url: https://openrouter.ai/docs/faq
    section: 'FAQ'
    states: 'The docs root.'
checked: 2026-12-01
`;

const parse = (text: string, file = 'kb/vendors/openrouter.yaml') => parseVendorFile(file, text);

describe('vendor records (kb/vendors/*.yaml)', () => {
	it('parses a valid record', () => {
		const parsed = parse(OPENROUTER);
		expect(parsed.problems).toEqual([]);
		expect(parsed.vendor).toMatchObject({ id: 'openrouter', kind: 'router', support_email: 'support@openrouter.ai' });
	});

	it('checks the names, model families and own messages a record may carry', () => {
		const withRule = `${OPENROUTER}names:
  - '\\bopenrouter\\b'
models:
  - '(unclosed'
own_errors:
  - says: invalid_or_revoked_key
    pattern: 'No auth credentials found'
    example: 'User not found.'
  - says: not_a_cause
    pattern: 'Key limit exceeded'
    example: 'Key limit exceeded'
`;
		const parsed = parse(withRule);
		expect(parsed.vendor).toBeNull();
		expect(parsed.problems.map((p) => p.message)).toEqual([
			expect.stringMatching(/^models\.0: \/\(unclosed\/ does not compile/),
			'own_errors.0: the pattern does not match its example',
			"own_errors.1.says: 'not_a_cause' is not a cause id",
		]);
		const fixed = withRule
			.replace("'(unclosed'", "'\\bauto\\b'")
			.replace("'User not found.'", "'No auth credentials found'")
			.replace('not_a_cause', 'key_credit_or_limit');
		expect(parse(fixed).problems).toEqual([]);
	});

	it('requires the id to equal the file name', () => {
		const parsed = parse(OPENROUTER, 'kb/vendors/open-router.yaml');
		expect(parsed.vendor).toBeNull();
		expect(parsed.problems).toEqual([
			{
				file: 'kb/vendors/open-router.yaml',
				line: 1,
				message: "id 'openrouter' must equal the file name 'open-router'",
			},
		]);
	});

	it('requires a sources item for every contact field, naming the field and its line', () => {
		const text = OPENROUTER.replace(
			'docs: https://openrouter.ai/docs\n',
			'docs: https://openrouter.ai/docs\nstatus_page: https://status.openrouter.ai\n',
		);
		const parsed = parse(text);
		expect(parsed.vendor).toBeNull();
		expect(parsed.problems).toEqual([
			{
				file: 'kb/vendors/openrouter.yaml',
				line: 6,
				message: 'status_page has no sources item saying which page states it (add one with field: status_page)',
			},
		]);
	});

	it('rejects a source for a field the record does not have', () => {
		const parsed = parse(OPENROUTER.replace('docs: https://openrouter.ai/docs\n', ''));
		expect(parsed.problems.map((p) => p.message)).toEqual(['sources.1 is for docs, which this record does not have']);
	});

	it('accepts only an email address as support_email: no page, no sentence', () => {
		for (const bad of ['https://openrouter.ai/support', 'Azure support (Azure portal)', 'a@b.c, d@e.f']) {
			const parsed = parse(OPENROUTER.replace('support@openrouter.ai', `'${bad}'`));
			expect(parsed.vendor).toBeNull();
			expect(parsed.problems[0]?.message).toMatch(/^support_email: /);
			expect(parsed.problems[0]?.line).toBe(4);
		}
	});

	it('rejects unknown keys, unknown kinds, plain-http pages and YAML errors', () => {
		expect(parse(`${OPENROUTER}phone: '123'\n`).problems[0]?.message).toMatch(/Unrecognized key/);
		expect(parse(OPENROUTER.replace('kind: router', 'kind: reseller')).problems[0]?.message).toMatch(/^kind: /);
		expect(
			parse(OPENROUTER.replace('https://openrouter.ai/docs\n', 'http://openrouter.ai/docs\n')).problems[0]?.message,
		).toMatch(/^docs: /);
		expect(parse('id: [oops').problems[0]?.message).toMatch(/^YAML: /);
	});

	it('finds the same id in two files', () => {
		const a = parse(OPENROUTER);
		const b = { ...a, file: 'kb/vendors/other.yaml' };
		expect(lintVendorFiles([a, b]).map((p) => p.message)).toEqual([
			"vendor id 'openrouter' is also used by kb/vendors/openrouter.yaml",
		]);
	});
});

describe('mapping routes, providers, names and model ids to vendor ids', () => {
	it('maps triage routes; relays, local servers and unknown routes name no record', () => {
		expect(vendorOfRoute('openrouter', VENDORS)).toBe('openrouter');
		expect(vendorOfRoute('gemini', VENDORS)).toBe('google-gemini');
		expect(vendorOfRoute('vertex', VENDORS)).toBe('google-cloud');
		expect(vendorOfRoute('relay', VENDORS)).toBeNull();
		expect(vendorOfRoute('localhost', VENDORS)).toBeNull();
		expect(vendorOfRoute('unknown', VENDORS)).toBeNull();
	});

	it('maps KB entry providers; any and relay name no one', () => {
		expect(vendorOfProvider('openai', VENDORS)).toBe('openai');
		expect(vendorOfProvider('gemini', VENDORS)).toBe('google-gemini');
		expect(vendorOfProvider('vertex', VENDORS)).toBe('google-cloud');
		expect(vendorOfProvider('any', VENDORS)).toBeNull();
		expect(vendorOfProvider('relay', VENDORS)).toBeNull();
	});

	it('maps provider names from error bodies (Azure before OpenAI) and router model prefixes', () => {
		expect(vendorOfName('Azure', VENDORS)).toBe('azure-openai');
		expect(vendorOfName('Azure OpenAI', VENDORS)).toBe('azure-openai');
		expect(vendorOfName('OpenAI', VENDORS)).toBe('openai');
		expect(vendorOfName('Google AI Studio', VENDORS)).toBe('google-gemini');
		expect(vendorOfName('Google Vertex', VENDORS)).toBe('google-cloud');
		expect(vendorOfName(null, VENDORS)).toBeNull();
		expect(vendorOfModel('openai/o3', VENDORS)).toBe('openai');
		// A bare id names the family's maker when the directory has it; an unknown family names no one.
		expect(vendorOfModel('gpt-4o', VENDORS)).toBe('openai');
		expect(vendorOfModel('glm-4.6', VENDORS)).toBe('zhipu');
		expect(vendorOfModel('gemini-2.5-pro', VENDORS)).toBe('google-gemini');
		expect(vendorOfModel('llama-3.1-8b', VENDORS)).toBeNull();
		expect(vendorOfModel('/gpt-4o', VENDORS)).toBeNull();
		expect(vendorOfModel('openai/o3', vendorDirectory([]))).toBeNull();
	});

	it('tells an email address from a page or a sentence', () => {
		expect(isEmailAddress('support@openrouter.ai')).toBe(true);
		expect(isEmailAddress('https://help.openai.com')).toBe(false);
		expect(isEmailAddress('Azure support (Azure portal) for your own resource')).toBe(false);
		expect(isEmailAddress(null)).toBe(false);
	});
});
