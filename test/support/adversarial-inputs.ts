import type { PostText } from '../../src/model.js';

/** Size of each adversarial input: the whole-post bound of triage (`MAX_INPUT_CHARS`). */
export const ADVERSARIAL_SIZE = 256 * 1024;

/** `unit` repeated to exactly `size` characters. */
export const repeatTo = (unit: string, size: number = ADVERSARIAL_SIZE): string =>
	unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/**
 * Inputs that make a backtracking regex rescan a long run from every position: runs of one character class,
 * repeated status words and error markers, one line with no break, nested and escaped quotes, CJK with and without
 * the words the KB looks for, whitespace of every kind. Each is {@link ADVERSARIAL_SIZE} characters.
 */
export function adversarialInputs(size: number = ADVERSARIAL_SIZE): ReadonlyMap<string, string> {
	const units: Record<string, string> = {
		backslashes: '\\',
		'escaped quotes': '\\\\\\"',
		'status words': 'HTTP 403 ',
		'status lines': 'HTTP/1.1 403 Forbidden\n',
		'error code lines': 'Error code: 403 - ',
		'one long line': 'a',
		'glued words': 'modelerrorforbiddenkeyapi',
		'spaced words': 'error forbidden model key ',
		'nested quotes': `{"a": "{\\"b\\": '{\\\\"c\\\\": `,
		braces: '{',
		'json openers': '[{"error":',
		'CJK run': '错误码令牌无权使用模型',
		'CJK model': '模型',
		'CJK spaced': '模型 无 ',
		whitespace: ' \t',
		newlines: '\n',
		'mixed whitespace': ' \n\t\r\n  ',
		digits: '4031',
		dashes: 'a-',
		dots: 'a.',
		colons: ': ',
		slashes: '/',
		'error prefixes': 'Error: ',
		'html tags': '<a ',
		'key assignments': 'api_key=',
		underscores: 'A_',
		hex: '0123456789abcdef',
	};
	const inputs = new Map<string, string>();
	for (const [name, unit] of Object.entries(units)) inputs.set(name, repeatTo(unit, size));
	inputs.set('key run', `sk-${repeatTo('A', size - 3)}`);
	return inputs;
}

/** The post as the bot gets it when the text is split over four attachments of 64 KB (the most it reads whole). */
export function asAttachments(text: string): PostText {
	const quarter = Math.ceil(text.length / 4);
	return {
		title: '403',
		body: 'log attached',
		attachments: [0, 1, 2, 3].map((i) => ({
			name: `part-${i}.txt`,
			text: text.slice(i * quarter, (i + 1) * quarter),
		})),
	};
}

/**
 * Inputs built from one pattern's own words: each literal run of letters (Latin or CJK) in its source, repeated with
 * nothing between and with a space between, so a pattern such as `模型\s*\S*\s*无` meets the run that makes it rescan.
 */
export function inputsFromPattern(source: string, size: number, maxRuns = 3): string[] {
	const runs = [...new Set(source.match(/[\p{L}\p{N}]{2,40}/gu) ?? [])].slice(0, maxRuns);
	return runs.flatMap((run) => [repeatTo(run, size), repeatTo(`${run} `, size)]);
}

/** CPU milliseconds (user + system) `work` takes. */
export function cpuMs(work: () => void): number {
	const start = process.cpuUsage();
	work();
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1000;
}

/**
 * Runs `pattern` over the whole of `text` as a global search does (every start position, every match). Through
 * `replace`, whose global fast path builds no match objects, so a pattern that matches everywhere costs its search only.
 */
export function scanAll(pattern: RegExp, text: string): void {
	text.replace(new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}g`), '');
}
