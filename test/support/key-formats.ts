/**
 * Concrete keys of every format the redaction engine knows, for planting in end-to-end tests and scanning for
 * afterwards. Bodies are deterministic (a seeded generator), so a failing scan names a reproducible key.
 */
export interface PlantedKey {
	/** Short name of the format, for reports. */
	readonly format: string;
	/** The text to paste: context (`Bearer `, `api_key=`) plus the key. */
	readonly text: string;
	/** The part that must never be stored or sent: the key without its public prefix or context. */
	readonly secret: string;
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';
const UPPER = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const WORD = `${ALNUM}_-`;
const BASE64 = `${ALNUM}+/`;

/** A small seeded generator (mulberry32): the same keys on every run. */
function generator(seed: number): (alphabet: string, length: number) => string {
	let state = seed >>> 0;
	const next = (): number => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return (alphabet, length) => {
		// Start with a digit, a lower- and an upper-case letter where the alphabet has them: real keys mix all three.
		const forced = ['7', 'q', 'Q'].filter((c) => alphabet.includes(c));
		let out = forced.join('');
		while (out.length < length) out += alphabet.charAt(Math.floor(next() * alphabet.length));
		return out.slice(0, length);
	};
}

/** The key formats, each as it is typically pasted. At least 30, covering every kind the engine redacts. */
export function plantedKeys(seed = 16): PlantedKey[] {
	const r = generator(seed);
	const prefixed = (format: string, prefix: string, body: string): PlantedKey => ({
		format,
		text: `${prefix}${body}`,
		secret: body,
	});
	const led = (format: string, lead: string, secret: string): PlantedKey => ({
		format,
		text: `${lead}${secret}`,
		secret,
	});
	const discordId = Buffer.from('123456789012345678').toString('base64').replace(/=+$/, '');
	return [
		prefixed('openai legacy sk-', 'sk-', `${r(ALNUM, 20)}T3BlbkFJ${r(ALNUM, 20)}`),
		prefixed('deepseek sk- hex', 'sk-', r(HEX, 32)),
		prefixed('openai project sk-proj-', 'sk-proj-', r(WORD, 156)),
		prefixed('openai service account sk-svcacct-', 'sk-svcacct-', r(WORD, 74)),
		prefixed('openai admin sk-admin-', 'sk-admin-', r(WORD, 74)),
		prefixed('openrouter sk-or-v1-', 'sk-or-v1-', r(HEX, 64)),
		prefixed('anthropic sk-ant-', 'sk-ant-', `api03-${r(WORD, 93)}AA`),
		prefixed('google AIza', 'AIza', r(WORD, 35)),
		prefixed('groq gsk_', 'gsk_', r(ALNUM, 52)),
		prefixed('xai xai-', 'xai-', r(ALNUM, 80)),
		prefixed('huggingface hf_', 'hf_', r(ALNUM, 34)),
		prefixed('aws access key AKIA', 'AKIA', r(UPPER, 16)),
		prefixed('aws session key ASIA', 'ASIA', r(UPPER, 16)),
		prefixed('github ghp_', 'ghp_', r(ALNUM, 36)),
		prefixed('github oauth gho_', 'gho_', r(ALNUM, 36)),
		prefixed('github fine-grained github_pat_', 'github_pat_', r(WORD, 82)),
		prefixed('perplexity pplx-', 'pplx-', r(ALNUM, 48)),
		prefixed('stripe sk_live_', 'sk_live_', r(ALNUM, 99)),
		prefixed('stripe restricted rk_live_', 'rk_live_', r(ALNUM, 99)),
		prefixed('replicate r8_', 'r8_', r(ALNUM, 37)),
		prefixed('slack bot xoxb-', 'xoxb-', `${r('0123456789', 12)}-${r('0123456789', 13)}-${r(ALNUM, 24)}`),
		prefixed('slack user xoxp-', 'xoxp-', `${r('0123456789', 12)}-${r('0123456789', 13)}-${r(ALNUM, 32)}`),
		prefixed('gitlab glpat-', 'glpat-', r(WORD, 20)),
		prefixed('sendgrid SG.', 'SG.', `${r(WORD, 22)}.${r(WORD, 43)}`),
		prefixed('npm npm_', 'npm_', r(ALNUM, 36)),
		prefixed('google oauth ya29.', 'ya29.', `a0${r(WORD, 150)}`),
		prefixed('nvidia nvapi-', 'nvapi-', r(WORD, 64)),
		led('aws secret key', 'aws_secret_access_key = ', r(BASE64, 40)),
		led('azure api-key header', 'api-key: ', r(HEX, 32)),
		led('discord bot token', 'DISCORD_TOKEN=', `${discordId}.${r(WORD, 6)}.${r(WORD, 38)}`),
		led('bearer token', 'Authorization: Bearer ', `t${r(`${ALNUM}._-`, 40)}`),
		led('jwt', 'token ', `eyJhbGciOiJIUzI1NiJ9.eyJ${r(WORD, 40)}.${r(WORD, 43)}`),
		led('bare token after api_key=', 'api_key=', r(ALNUM, 40)),
		led('quoted secret after client_secret', 'client_secret: "', r(ALNUM, 32)),
		led('url query ?key=', 'https://generativelanguage.googleapis.com/v1/models?key=', r(ALNUM, 39)),
		led('basic auth', 'Authorization: Basic ', Buffer.from(`user:${r(ALNUM, 24)}`).toString('base64')),
		led('cli flag --api-key', 'llm --api-key ', r(ALNUM, 40)),
	];
}
