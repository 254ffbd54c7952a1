import { clip, MAX_LINE_SCAN } from './limits.js';

/** An HTTP status seen in the text, with how much the way it was written can be trusted. */
export interface StatusHint {
	readonly status: number;
	/** 100 = status line … 50 = a reason phrase alone. */
	readonly priority: number;
	readonly index: number;
	/** What followed the status on its line (`403 Key limit exceeded …` → `Key limit exceeded …`), if anything. */
	readonly tail: string | null;
}

/** Priorities of the ways a status is written; the exception class (`PermissionDeniedError`) ranks 80. */
export const STATUS_PRIORITY = {
	statusLine: 100,
	body: 95,
	labelled: 90,
	withReason: 85,
	exceptionClass: 80,
	leading: 75,
	grpcName: 70,
	prose: 60,
	reasonPhrase: 50,
} as const;

const REASON_PHRASES: Readonly<Record<string, number>> = {
	'bad request': 400,
	unauthorized: 401,
	'payment required': 402,
	forbidden: 403,
	'not found': 404,
	'proxy authentication required': 407,
	'too many requests': 429,
};

const UNIT_WORDS =
	'(?![ \\t]{0,2}(?:tokens?|requests?|ms|seconds?|s\\b|chars?|characters?|lines?|words?|times|users?|messages?|credits?|rpm|tpm|dollars?|usd|mb|kb|%|k\\b))';

interface Pattern {
	readonly re: RegExp;
	readonly priority: number;
	/** Keep the rest of the line as a possible message. */
	readonly tail?: boolean;
}

// Every quantifier is bounded and each pattern is tried once per position: linear in the text.
const PATTERNS: readonly Pattern[] = [
	{ re: /\bHTTP\/\d(?:\.\d)?[ \t]{1,4}([1-5]\d\d)(?!\d)/g, priority: STATUS_PRIORITY.statusLine },
	{
		re: /\b(?:error|status|response|http)[ _]?code[ \t]{0,4}[:=]?[ \t]{0,4}\(?[ \t]{0,2}([1-5]\d\d)(?!\d)/gi,
		priority: STATUS_PRIORITY.labelled,
		tail: true,
	},
	{ re: /\bstatus[ \t]{0,4}[:=][ \t]{0,4}([1-5]\d\d)(?!\d)/gi, priority: STATUS_PRIORITY.labelled },
	{ re: /\[HTTP[ \t]{1,4}([1-5]\d\d)\]/g, priority: STATUS_PRIORITY.labelled },
	{ re: /\[([45]\d\d)\][ \t]{0,2}:?/g, priority: STATUS_PRIORITY.leading, tail: true },
	{ re: /\bHTTP[ \t]{1,4}([1-5]\d\d)(?!\d)/g, priority: STATUS_PRIORITY.labelled },
	{ re: /\b([1-5]\d\d)[ \t]status code\b/gi, priority: STATUS_PRIORITY.labelled },
	{ re: /\b(?:error|failed|exception)[ \t]{0,4}\(([1-5]\d\d)\)/gi, priority: STATUS_PRIORITY.labelled, tail: true },
	{ re: /\berror[ \t]([45]\d\d)[ \t]{0,2}:/gi, priority: STATUS_PRIORITY.withReason, tail: true },
	{
		re: /\b([1-5]\d\d)[ \t]{1,4}(?:Forbidden|Unauthorized|Bad Request|Not Found|Too Many Requests|Payment Required|Internal Server Error|Service Unavailable|Bad Gateway|Gateway Timeout|Proxy Authentication Required|Unprocessable Entity)\b/gi,
		priority: STATUS_PRIORITY.withReason,
	},
	{
		re: /(?:^|\bError:[ \t]{0,4}|[:>][ \t]{1,4})([45]\d\d)[ \t]{1,4}(?=[A-Z{[<"'`(])/gm,
		priority: STATUS_PRIORITY.leading,
		tail: true,
	},
	{
		re: new RegExp(
			`\\b(?:a|an|the|got|get|gets|getting|receive[sd]?|receiving|return(?:s|ed|ing)?|with|throws?|hit(?:ting)?|produces?|see(?:ing)?|gives?|giving)[ \\t]{1,4}(?:an?[ \\t]{1,4})?[\`'"]?([45]\\d\\d)[\`'"]?(?!\\d|[.,]\\d)${UNIT_WORDS}`,
			'gi',
		),
		priority: STATUS_PRIORITY.prose,
	},
	{
		re: /(?<![\w.:/-])([45]\d\d)[`'"]?[ \t]{0,2}(?:errors?|forbidden|unauthori[sz]ed|response|status)\b/gi,
		priority: STATUS_PRIORITY.prose,
	},
	// `API request failed with status 403`, `failed with status code 403`, `HTTP error 403`.
	{
		re: /\b(?:with|of|returned|got)[ \t]{1,4}(?:an?[ \t]{1,4})?(?:HTTP[ \t]{1,4})?status(?:[ \t]{1,4}code)?[ \t]{0,4}[:=]?[ \t]{0,4}([1-5]\d\d)(?!\d)/gi,
		priority: STATUS_PRIORITY.labelled,
		tail: true,
	},
	{
		re: /\bHTTP[ \t]{1,4}error[ \t]{0,4}:?[ \t]{0,4}([1-5]\d\d)(?!\d)/gi,
		priority: STATUS_PRIORITY.labelled,
		tail: true,
	},
	// `API Request failed,403 Invalid response body`, `request failed: 403`.
	{
		re: /\bfail(?:ed|ure)?[ \t]{0,2}[,:：][ \t]{0,4}([45]\d\d)(?!\d)/gi,
		priority: STATUS_PRIORITY.withReason,
		tail: true,
	},
	// A tool's upper-case event name before the status: `INFERENCE_FAIL 403 {…}`.
	{
		re: /\b[A-Z][A-Z0-9]{1,20}(?:_[A-Z0-9]{1,20}){1,4}[ \t]{1,4}([45]\d\d)(?!\d)/g,
		priority: STATUS_PRIORITY.leading,
		tail: true,
	},
	// Chinese and Japanese: `403 该令牌无权使用模型`, `状态码：403`, `报403`, `403エラー`.
	{
		re: /(?<![\w.:/-])([45]\d\d)[ \t]{0,2}(?=[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}\p{Script=Hangul}])/gu,
		priority: STATUS_PRIORITY.leading,
		tail: true,
	},
	{
		re: /(?:状态码|狀態碼|错误码|錯誤碼|响应码|http状态)[ \t]{0,2}[:：=]?[ \t]{0,2}([1-5]\d\d)(?!\d)/giu,
		priority: STATUS_PRIORITY.labelled,
		tail: true,
	},
	{
		re: /(?:报|報|返回|出现|出現|提示|遇到|错误|錯誤|状态|狀態|调用|調用|收到|得到|拿到|抛出|显示|顯示)[ \t]{0,2}[:：]?[ \t]{0,2}([45]\d\d)(?!\d)/gu,
		priority: STATUS_PRIORITY.prose,
	},
	// `error 403` in prose, and its Russian, Portuguese, Spanish, German and French forms.
	{
		re: /(?:\b(?:error|erro|errore|fehler|erreur|c[oó]digo)|ошибк[аиуой]{1,2}|код)[ \t]{1,3}(?:HTTP[ \t]{1,3})?([45]\d\d)(?![\d]|[.,]\d)/giu,
		priority: STATUS_PRIORITY.prose,
	},
];

const REASON_LINE = /^[ \t>*(-]{0,6}(Bad Request|Unauthorized|Forbidden|Too Many Requests|Payment Required)\b/gim;
/** `Web Api response status: 'Forbidden'`: a reason phrase given as the status. */
const LABELLED_REASON =
	/\bstatus(?:[ \t]{1,4}code)?[ \t]{0,4}[:=][ \t]{0,4}['"`]?(Bad Request|Unauthorized|Forbidden|Too Many Requests|Payment Required)\b/gi;

/** The rest of the line after `from`, looked for within {@link MAX_LINE_SCAN} characters only (one line can be the whole post). */
function lineTail(text: string, from: number): string | null {
	const window = text.slice(from, from + MAX_LINE_SCAN);
	const end = window.indexOf('\n');
	const tail = (end === -1 ? window : window.slice(0, end)).replace(/^[ \t]{0,8}(?:[-:)\]]\s{0,4})?/, '').trim();
	return tail.length > 0 ? clip(tail) : null;
}

/**
 * Tails kept per pattern: the message is taken from the first tails in order of trust, so a post repeating one status
 * thousands of times need not copy out thousands of lines.
 */
const MAX_TAILS_PER_PATTERN = 32;

/** Every status written in the text, in order of appearance. */
export function findStatusHints(text: string): StatusHint[] {
	const hints: StatusHint[] = [];
	for (const pattern of PATTERNS) {
		const re = new RegExp(pattern.re.source, pattern.re.flags);
		let tails = 0;
		for (let m = re.exec(text); m !== null; m = re.exec(text)) {
			const status = Number(m[1]);
			if (!Number.isInteger(status)) continue;
			const wantsTail = pattern.tail === true && tails < MAX_TAILS_PER_PATTERN;
			const tail = wantsTail ? lineTail(text, m.index + m[0].length) : null;
			if (wantsTail) tails += 1;
			hints.push({ status, priority: pattern.priority, index: m.index, tail });
			if (m[0].length === 0) re.lastIndex += 1;
		}
	}
	const reasons = new RegExp(REASON_LINE.source, REASON_LINE.flags);
	for (let m = reasons.exec(text); m !== null; m = reasons.exec(text)) {
		const status = REASON_PHRASES[(m[1] ?? '').toLowerCase()];
		if (status !== undefined)
			hints.push({ status, priority: STATUS_PRIORITY.reasonPhrase, index: m.index, tail: null });
	}
	const labelled = new RegExp(LABELLED_REASON.source, LABELLED_REASON.flags);
	for (let m = labelled.exec(text); m !== null; m = labelled.exec(text)) {
		const status = REASON_PHRASES[(m[1] ?? '').toLowerCase()];
		if (status !== undefined) hints.push({ status, priority: STATUS_PRIORITY.labelled, index: m.index, tail: null });
	}
	return hints.sort((a, b) => a.index - b.index);
}

/**
 * The status to report: only error statuses (4xx/5xx) count (a `200 OK` in a dump is not the error); the most trusted
 * way of writing wins, then the earliest.
 */
export function chooseStatus(hints: readonly StatusHint[]): StatusHint | null {
	let best: StatusHint | null = null;
	for (const h of hints) if (h.status >= 400 && (best === null || h.priority > best.priority)) best = h;
	return best;
}

/**
 * Turns the text after a status or an exception class into a message: drops openai-python's `Error code: N - ` and a
 * leading status, reads botocore's `An error occurred (Code) when calling the Op operation: msg` and azure-core's
 * `(Code) msg`. Returns null when what follows is a body (JSON, HTML), which is read elsewhere.
 */
export function messageFromTail(tail: string | null): { message: string | null; code: string | null } {
	if (tail === null) return { message: null, code: null };
	let t = tail
		.replace(/^Error code:[ \t]{0,4}\d{3}(?:[ \t]{0,4}-[ \t]{0,4})?/i, '')
		.replace(/^(?:Error:[ \t]{0,4})?[1-5]\d\d\b[ \t]{0,4}(?:[-:][ \t]{0,4})?/, '')
		.trim();
	let code: string | null = null;
	const aws = /^An error occurred \((\w{1,80})\) when calling the \w{1,80} operation(?: \([^)\n]{0,80}\))?:[ \t]*/.exec(
		t,
	);
	if (aws !== null) {
		code = aws[1] ?? null;
		t = t.slice(aws[0].length);
	} else {
		const paren = /^\((\w{1,80})\)[ \t]+/.exec(t);
		if (paren !== null) {
			code = paren[1] ?? null;
			t = t.slice(paren[0].length);
		}
	}
	if (t.startsWith('"') && t.endsWith('"') && t.length > 1) t = t.slice(1, -1);
	if (t.length === 0 || /^[{[<]/.test(t)) return { message: null, code };
	return { message: clip(t), code };
}
