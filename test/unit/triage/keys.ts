import fc from 'fast-check';
import type { SecretKind } from '../../../src/triage/types.js';

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = DIGITS + LOWER + UPPER;
const WORD = `${ALNUM}_-`;
const HEX = `${DIGITS}abcdef`;
const BASE32 = `${UPPER}234567`;
const BASE64 = `${ALNUM}/+`;
const TOKEN = `${ALNUM}._-`;

/**
 * `length` characters from `alphabet`, with a digit and (when the alphabet has them) a lower- and an upper-case
 * letter at generated positions: real keys are random, so they mix all three.
 */
function chars(alphabet: string, length: number): fc.Arbitrary<string> {
	return fc
		.tuple(
			fc.array(fc.nat({ max: alphabet.length - 1 }), { minLength: length, maxLength: length }),
			fc.nat({ max: length - 1 }),
			fc.nat({ max: length - 1 }),
			fc.nat({ max: length - 1 }),
		)
		.map(([indexes, d, l, u]) => {
			const out = indexes.map((i) => alphabet.charAt(i));
			const forced: [number, string][] = [
				[d, DIGITS],
				[l, LOWER],
				[u, UPPER],
			];
			for (const [position, set] of forced) {
				const usable = [...set].filter((c) => alphabet.includes(c));
				if (usable.length > 0) out[position] = usable[position % usable.length] ?? out[position] ?? '';
			}
			return out.join('');
		});
}

/** A key format: how its secret looks, and the context that must precede it for it to be recognised as one. */
export interface KeyFormat {
	readonly kind: SecretKind;
	/** Text before the secret that is not itself secret (`Bearer `, `api-key: `); empty for prefixed keys. */
	readonly lead: string;
	/** The same context as a URL query (`?api-key=`). */
	readonly query: string;
	/** Vendor prefix at the start of the secret value (`sk-proj-`); not secret on its own. */
	readonly prefix: string;
	readonly value: fc.Arbitrary<string>;
}

const prefixed = (kind: SecretKind, prefix: string, body: fc.Arbitrary<string>): KeyFormat => ({
	kind,
	lead: '',
	query: '?key=',
	prefix,
	value: body.map((b) => prefix + b),
});

/** Every key format triage redacts, with realistic lengths and alphabets. */
export const KEY_FORMATS: readonly KeyFormat[] = [
	prefixed(
		'openai',
		'sk-',
		fc.tuple(chars(ALNUM, 20), chars(ALNUM, 20)).map(([a, b]) => `${a}T3BlbkFJ${b}`),
	),
	prefixed('openai-project', 'sk-proj-', chars(WORD, 156)),
	prefixed('openrouter', 'sk-or-v1-', chars(HEX, 64)),
	prefixed(
		'anthropic',
		'sk-ant-',
		chars(WORD, 93).map((b) => `api03-${b}AA`),
	),
	prefixed('google', 'AIza', chars(WORD, 35)),
	prefixed('groq', 'gsk_', chars(ALNUM, 52)),
	prefixed('xai', 'xai-', chars(ALNUM, 80)),
	prefixed('huggingface', 'hf_', chars(ALNUM, 34)),
	prefixed('aws-access-key', 'AKIA', chars(BASE32, 16)),
	prefixed('github-token', 'ghp_', chars(ALNUM, 36)),
	{
		kind: 'aws-secret-key',
		lead: 'aws_secret_access_key = ',
		query: '?aws_secret_access_key=',
		prefix: '',
		value: chars(BASE64, 40),
	},
	{ kind: 'azure', lead: 'api-key: ', query: '?api-key=', prefix: '', value: chars(HEX, 32) },
	{
		kind: 'discord-token',
		lead: 'DISCORD_TOKEN=',
		query: '?token=',
		prefix: '',
		value: fc
			.tuple(fc.bigInt({ min: 10n ** 17n, max: 10n ** 19n - 1n }), chars(WORD, 6), chars(WORD, 38))
			.map(([id, ts, mac]) => `${Buffer.from(id.toString()).toString('base64').replace(/=+$/, '')}.${ts}.${mac}`),
	},
	{
		kind: 'bearer-token',
		lead: 'Authorization: Bearer ',
		query: '?access_token=',
		prefix: '',
		value: chars(TOKEN, 40).map((t) => `t${t}`),
	},
];

/** Where a key gets pasted. Each returns the post text with `lead + value` embedded. */
export const PLACEMENTS: readonly { name: string; embed: (f: KeyFormat, value: string) => string }[] = [
	{ name: 'at the start', embed: (f, v) => `${f.lead}${v} and then I get 403 Forbidden` },
	{ name: 'at the end', embed: (f, v) => `I get 403 Forbidden. My config: ${f.lead}${v}` },
	{ name: 'inside JSON', embed: (f, v) => `{"headers": {"x": "${f.lead}${v}"}, "model": "gpt-4o"}` },
	{ name: 'inside a Python dict', embed: (f, v) => `Error code: 403 - {'error': {'message': 'bad ${f.lead}${v}'}}` },
	{ name: 'inside a URL', embed: (f, v) => `POST https://api.example-relay.com/v1/chat/completions${f.query}${v}&x=1` },
	{
		name: 'in a curl -H line',
		embed: (f, v) =>
			`curl https://openrouter.ai/api/v1/chat/completions \\\n  -H "${f.lead.length > 0 ? f.lead : 'Authorization: Bearer '}${v}" \\\n  -d '{"model":"openai/o3"}'`,
	},
	{
		name: 'in a header dump',
		embed: (f, v) => `HTTP/1.1 403 Forbidden\nserver: cloudflare\n${f.lead || 'x-api-key: '}${v}\n`,
	},
	{ name: 'in a code fence', embed: (f, v) => `\`\`\`python\nclient = OpenAI(api_key="${f.lead}${v}")\n\`\`\`` },
];
