import { MAX_LINE_SCAN, MAX_MODELS } from './limits.js';
import { isModelLike, normaliseModelId, TIER_WORDS, VENDORS } from './model-id.js';
import type { TextRegions } from './text-regions.js';

/** How a model was named; lower ranks are more likely to be the model the failing call used. */
export const MODEL_RANK = {
	/** Named by the error (`does not have access to model \`x\``, a router's `model_slug`). */
	error: 0,
	/** Set in code or config (`model="x"`, `"model": "x"`, `ANTHROPIC_MODEL=x`, `--model x`, a Bedrock ARN). */
	code: 1,
	/** Given in a label (`Model: x`, `Which model are you using? x`, a `tried models:` list). */
	label: 2,
	/** Mentioned with its vendor (`openai/o3`) or as a Google resource (`models/gemini-pro`). */
	vendor: 3,
	/** Mentioned bare (`I'm using o3`). */
	bare: 4,
} as const;

interface Mention {
	readonly id: string;
	readonly rank: number;
	readonly index: number;
}

type Check = 'strict' | 'loose';

interface Pattern {
	readonly re: RegExp;
	readonly rank: number;
	readonly check: Check;
}

const ID = '[A-Za-z0-9][\\w.:/@+-]{0,119}';
const vendorAlternation = VENDORS.map((v) => v.replace(/[.-]/g, (c) => `\\${c}`)).join('|');

// Bounded quantifiers only; the lookbehinds are fixed-width.
const PATTERNS: readonly Pattern[] = [
	{ re: /\bmodel\b[ \t:]{1,3}[`'"‘“]([^`'"’”\s]{1,120})[`'"’”]/gi, rank: MODEL_RANK.error, check: 'loose' },
	{
		re: new RegExp(`\\baccess to (?:the )?model:?[ \\t]{1,3}[\`'"]?(${ID})`, 'gi'),
		rank: MODEL_RANK.error,
		check: 'strict',
	},
	{
		re: /["']?\bmodel(?:_?name|_?id|Id|Name)?["']?[ \t]{0,4}[:=][ \t]{0,4}["'`]([^"'`\n]{1,120})["'`]/g,
		rank: MODEL_RANK.code,
		check: 'loose',
	},
	{
		re: new RegExp(`\\b[A-Z][A-Z0-9_]{0,40}_MODEL(?:_ID|_NAME)?[ \\t]{0,2}=[ \\t]{0,2}["']?(${ID})`, 'g'),
		rank: MODEL_RANK.code,
		check: 'loose',
	},
	{ re: new RegExp(`--model[ \\t=]{1,3}["']?(${ID})`, 'g'), rank: MODEL_RANK.code, check: 'loose' },
	{
		re: /(arn:aws[\w-]{0,10}:bedrock:[\w-]{0,30}:\d{0,12}:(?:foundation-model|inference-profile|application-inference-profile)\/[\w.:-]{1,120})/g,
		rank: MODEL_RANK.code,
		check: 'loose',
	},
	{
		re: new RegExp(`(?<![\\w./@-])((?:${vendorAlternation})\\/[A-Za-z0-9][\\w.:-]{0,100})`, 'gi'),
		rank: MODEL_RANK.vendor,
		check: 'strict',
	},
	{ re: /(?<![\w-])(models\/[A-Za-z0-9][\w.-]{1,80})/g, rank: MODEL_RANK.vendor, check: 'strict' },
	{
		re: /(?<![\w./@-])((?:(?:us|eu|apac|global)\.)?(?:anthropic|amazon|meta|cohere|ai21|mistral)\.[a-z][\w.:-]{1,80}|(?:gpt|chatgpt|claude|gemini|gemma|llama|mistral|mixtral|codestral|deepseek|qwen|grok|command|text-(?:davinci|moderation|embedding|curie|babbage|ada)|davinci|babbage|dall-e|whisper|tts|omni-moderation|codex|kimi|glm|phi|sonar)-[\w.-]{1,80}|o[134](?:-[a-z]{3,12}){0,2}(?:-\d{4}-\d{2}-\d{2})?|qwen\d[\w.-]{0,40}|llama\d[\w.-]{0,40})(?![\w/])/gi,
		rank: MODEL_RANK.bare,
		check: 'strict',
	},
];

/** `Model: x`, `LLM Model - x`, `Which model are you using? x` (the label may follow a few words). */
const LABEL =
	/(?:^|[\s*>|(`-])(?:[A-Za-z]{1,20}[ \t]){0,3}model(?:[ \t]?(?:id|name))?(?:[ \t](?:are you using|do you use|you are using|used|in use))?[ \t]{0,2}(?::|=|\?|[ \t]-)[ \t]{0,4}[`'"]?([^\n]{1,160})/gim;
/** `模型：x`, `モデル: x` (labels of localised apps and relays); the value must be an ASCII id. */
const CJK_LABEL = new RegExp(`(?:模型|型号|モデル)[ \\t]{0,2}[:：][ \\t]{0,2}(${ID})`, 'g');
const LIST_HEAD = /\bmodels?\b[^:\n]{0,30}:[ \t]*$/i;
const LIST_ITEM = new RegExp(`^[ \\t]{0,8}[-*•][ \\t]{1,4}\`?(${ID})`);

/** The model in a label's value: the first word, plus following words that carry a version or tier. */
function labelValue(tail: string): string | null {
	const words = tail.trim().split(/[ \t]{1,10}/, 5);
	const first = words[0];
	if (first === undefined || first.length === 0) return null;
	const kept = [first];
	if (!/[.,;:)]$/.test(first))
		for (const word of words.slice(1)) {
			const bare = word.replace(/[`'".,;:)]{1,4}$/, '').toLowerCase();
			if (bare.length === 0 || !(/\d/.test(bare) || TIER_WORDS.has(bare))) break;
			kept.push(word);
			if (bare !== word.toLowerCase()) break;
		}
	return kept.join(' ');
}

function accept(raw: string, check: Check): string | null {
	const id = normaliseModelId(raw);
	if (id === null) return null;
	return check === 'loose' || isModelLike(id) ? id : null;
}

function labelMentions(regions: TextRegions): Mention[] {
	const mentions: Mention[] = [];
	const re = new RegExp(LABEL.source, LABEL.flags);
	for (let m = re.exec(regions.text); m !== null; m = re.exec(regions.text)) {
		const value = labelValue(m[1] ?? '');
		const id = value === null ? null : accept(value, 'strict');
		if (id !== null) mentions.push({ id, rank: MODEL_RANK.label, index: m.index });
	}
	const cjk = new RegExp(CJK_LABEL.source, CJK_LABEL.flags);
	for (let m = cjk.exec(regions.text); m !== null; m = cjk.exec(regions.text)) {
		const id = accept(m[1] ?? '', 'loose');
		if (id !== null) mentions.push({ id, rank: MODEL_RANK.label, index: m.index });
	}
	const lines = regions.lines;
	for (let i = 0; i < lines.length - 1; i += 1) {
		const head = lines[i];
		if (head === undefined || head.text.length > MAX_LINE_SCAN || !LIST_HEAD.test(head.text)) continue;
		for (let j = i + 1; j < lines.length && j <= i + 20; j += 1) {
			const line = lines[j];
			const item = line === undefined ? null : LIST_ITEM.exec(line.text.slice(0, MAX_LINE_SCAN));
			if (line === undefined || item === null) break;
			const id = accept(item[1] ?? '', 'strict');
			if (id !== null) mentions.push({ id, rank: MODEL_RANK.label, index: line.start });
		}
	}
	return mentions;
}

/**
 * Every model id the post names, normalised (see {@link normaliseModelId}) and ranked: named by the error, set in
 * code, given in a label, mentioned with a vendor, mentioned bare; earlier first within a rank. `fromError` are ids
 * the error body itself carries (a router's `model_slug`). At most {@link MAX_MODELS}.
 */
export function extractModelIds(regions: TextRegions, fromError: readonly string[] = []): string[] {
	const mentions: Mention[] = [];
	for (const raw of fromError) {
		const id = accept(raw, 'loose');
		if (id !== null) mentions.push({ id, rank: MODEL_RANK.error, index: -1 });
	}
	for (const pattern of PATTERNS) {
		const re = new RegExp(pattern.re.source, pattern.re.flags);
		for (let m = re.exec(regions.text); m !== null && mentions.length < 400; m = re.exec(regions.text)) {
			const id = accept(m[1] ?? '', pattern.check);
			if (id !== null) mentions.push({ id, rank: pattern.rank, index: m.index });
		}
	}
	mentions.push(...labelMentions(regions));
	mentions.sort((a, b) => a.rank - b.rank || a.index - b.index);
	const ids: string[] = [];
	for (const m of mentions) if (!ids.includes(m.id) && ids.length < MAX_MODELS) ids.push(m.id);
	return ids;
}
