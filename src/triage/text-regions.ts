import { MAX_LINE_SCAN } from './limits.js';

/** One line of the post, with its offsets in the whole text. */
export interface Line {
	readonly text: string;
	readonly start: number;
	readonly index: number;
}

/** A run of lines that is either code the user ran or output they pasted. */
export interface Block {
	readonly kind: 'fence' | 'bare';
	/** Fence info string, lower-cased (`python`, `json`), or null. */
	readonly lang: string | null;
	readonly role: 'code' | 'output';
	readonly text: string;
	readonly firstLine: number;
	readonly lastLine: number;
}

/** The post split into lines and blocks, computed once and shared by the extractors. */
export interface TextRegions {
	readonly text: string;
	readonly lines: readonly Line[];
	readonly blocks: readonly Block[];
	/** Code blocks joined (fenced code and bare code runs), in order. */
	readonly code: string;
	/** The text without code blocks: what the user saw and wrote about. */
	readonly prose: string;
}

const FENCE = /^\s{0,8}(?:```|~~~)\s{0,4}([\w+#.-]{0,24})/;
const FENCE_CLOSE = /^\s{0,8}(?:```|~~~)\s*$/;

/** A line that can only be code (or config naming the endpoint). Tested on the line without list markers. */
const STRONG_CODE =
	/^(?:from\s+[\w.]{1,80}\s+import\s|import\s+[\w{*"']|(?:const|let|var)\s+[\w{[]|(?:async\s+)?def\s+\w|(?:export\s+)?(?:async\s+)?function\b|class\s+\w{1,60}\s{0,2}[:({]|await\s|print\(|console\.\w{2,10}\(|(?:\$\s{0,2})?curl\s{1,4}(?:-|https?:|['"$])|-H\s|--header\s|--data|-d\s+['"]|[\w.[\]'"]{1,80}\s{0,4}=\s{0,4}(?:await\s+)?(?:new\s+)?[A-Za-z_][\w.]{0,80}\(|(?:client|openai|anthropic|response|completion|resp|llm|model|genai)\.[\w.]{1,80}\(|new\s+[A-Z]\w{0,40}\(|fetch\(|requests\.\w{1,10}\(|require\(|export\s+[A-Z_]{2,60}=|[A-Z][A-Z0-9_]{1,60}(?:BASE_URL|API_BASE|ENDPOINT)\s{0,2}=|(?:base[_ ]?url|baseURL|api_base|azure_endpoint)["'`]?\s{0,2}[:=])/i;

/** A line that continues code: indentation, closing brackets, `key: value` / `key=value` pairs, comments. */
const WEAK_CODE = /^(?:\s{2,}\S|[)\]}]|["']?[\w-]{1,40}["']?\s{0,2}[:=]\s{0,2}\S|#\s|\/\/\s)/;
/** Characters that leave a statement open at the end of a line. */
const OPEN_END = new Set([',', '(', '{', '[', '\\']);
const TRACEBACK_HEAD = /^\s{0,8}Traceback \(most recent call last\)/;
const TRACEBACK_FRAME = /^\s{0,12}File "[^"\n]{1,400}", line \d{1,7}/;
const STACK_FRAME = /^\s{0,12}at\s+\S/;
const LIST_MARKER = /^\s{0,12}(?:[-*+•]|\d{1,3}[.)])\s{1,4}/;

/** The line without list markers and inline-code backticks, as code detectors see it. */
export function stripMarkup(line: string): string {
	const text = line.replace(LIST_MARKER, '');
	let start = 0;
	let end = text.length;
	while (start < end && text.charCodeAt(start) === 96) start += 1;
	while (end > start && text.charCodeAt(end - 1) === 96) end -= 1;
	return text.slice(start, end);
}

function splitLines(text: string): Line[] {
	const lines: Line[] = [];
	let start = 0;
	let index = 0;
	while (start <= text.length) {
		const nl = text.indexOf('\n', start);
		const end = nl === -1 ? text.length : nl;
		lines.push({ text: text.slice(start, end), start, index });
		index += 1;
		if (nl === -1) break;
		start = nl + 1;
	}
	return lines;
}

const scanOf = (line: string): string => (line.length > MAX_LINE_SCAN ? line.slice(0, MAX_LINE_SCAN) : line);

/** Lines of tracebacks and stack traces: code is quoted there, but it is not the user's code. */
function traceLines(lines: readonly Line[]): Set<number> {
	const trace = new Set<number>();
	for (const line of lines) {
		const text = scanOf(line.text);
		if (TRACEBACK_HEAD.test(text) || STACK_FRAME.test(text)) trace.add(line.index);
		if (TRACEBACK_FRAME.test(text)) {
			trace.add(line.index);
			trace.add(line.index + 1);
		}
	}
	return trace;
}

const isStrong = (line: string): boolean => STRONG_CODE.test(stripMarkup(scanOf(line)).trimStart());
function isWeak(line: string): boolean {
	const text = stripMarkup(scanOf(line));
	return WEAK_CODE.test(text) || OPEN_END.has(text.trimEnd().slice(-1));
}

const CODE_LANGS = new Set([
	'python',
	'py',
	'python3',
	'js',
	'javascript',
	'ts',
	'typescript',
	'tsx',
	'jsx',
	'sh',
	'bash',
	'shell',
	'zsh',
	'console',
	'php',
	'go',
	'rust',
	'java',
	'ruby',
	'rb',
	'csharp',
	'cs',
	'kotlin',
	'yaml',
	'yml',
	'toml',
	'env',
	'dotenv',
	'ini',
	'powershell',
	'ps1',
]);

function fenceRole(lang: string | null, body: readonly Line[], trace: Set<number>): Block['role'] {
	const own = body.filter((l) => !trace.has(l.index));
	if (own.length < body.length && own.every((l) => !isStrong(l.text))) return 'output';
	if (own.some((l) => isStrong(l.text))) return 'code';
	return lang !== null && CODE_LANGS.has(lang) && own.length === body.length ? 'code' : 'output';
}

/** Runs of bare code lines outside fences: at least one strong line, with weak lines and single blanks around it. */
function bareBlocks(lines: readonly Line[], inFence: Set<number>, trace: Set<number>): Block[] {
	const blocks: Block[] = [];
	let run: Line[] = [];
	let strong = false;
	const flush = (): void => {
		while (run.length > 0 && (run[run.length - 1]?.text.trim() ?? '') === '') run.pop();
		if (strong && run.length > 0) {
			const first = run[0];
			const last = run[run.length - 1];
			if (first !== undefined && last !== undefined)
				blocks.push({
					kind: 'bare',
					lang: null,
					role: 'code',
					text: run.map((l) => l.text).join('\n'),
					firstLine: first.index,
					lastLine: last.index,
				});
		}
		run = [];
		strong = false;
	};
	for (const line of lines) {
		if (inFence.has(line.index) || trace.has(line.index)) {
			flush();
			continue;
		}
		const text = line.text;
		if (text.trim() === '') {
			const next = lines[line.index + 1];
			if (run.length > 0 && next !== undefined && (isStrong(next.text) || isWeak(next.text))) run.push(line);
			else flush();
			continue;
		}
		if (isStrong(text)) {
			run.push(line);
			strong = true;
		} else if (isWeak(text) && (run.length > 0 || /^\s{0,12}[\w"'-]/.test(text))) run.push(line);
		else flush();
	}
	flush();
	return blocks;
}

/** Splits the post into lines and code/output blocks. Linear in the text length. */
export function analyseText(text: string): TextRegions {
	const lines = splitLines(text);
	const trace = traceLines(lines);
	const blocks: Block[] = [];
	const inFence = new Set<number>();
	for (let i = 0; i < lines.length; i += 1) {
		const open = FENCE.exec(scanOf(lines[i]?.text ?? ''));
		if (open === null) continue;
		let j = i + 1;
		while (j < lines.length && !FENCE_CLOSE.test(scanOf(lines[j]?.text ?? ''))) j += 1;
		const body = lines.slice(i + 1, j);
		const lang = open[1] ? open[1].toLowerCase() : null;
		for (let k = i; k <= Math.min(j, lines.length - 1); k += 1) inFence.add(k);
		if (body.length > 0)
			blocks.push({
				kind: 'fence',
				lang,
				role: fenceRole(lang, body, trace),
				text: body.map((l) => l.text).join('\n'),
				firstLine: i + 1,
				lastLine: j - 1,
			});
		i = j;
	}
	blocks.push(...bareBlocks(lines, inFence, trace));
	blocks.sort((a, b) => a.firstLine - b.firstLine);
	const codeBlocks = blocks.filter((b) => b.role === 'code');
	const codeLines = new Set<number>();
	for (const b of codeBlocks) for (let k = b.firstLine; k <= b.lastLine; k += 1) codeLines.add(k);
	const prose = lines
		.filter((l) => !codeLines.has(l.index))
		.map((l) => l.text)
		.join('\n');
	return { text, lines, blocks, code: codeBlocks.map((b) => b.text).join('\n\n'), prose };
}
