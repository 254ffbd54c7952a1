/**
 * "Still broken": the poster says the fix did not work (or the problem is back), in English and in the other
 * languages the bot reads. Matched outside code, case-insensitively. Used to escalate a vendor-needed cause only
 * after the poster tried the fix, and to let the owner reopen a solved thread.
 */
const STILL_FAILING: readonly RegExp[] = [
	/\bstill (?:broken|failing|fails|fail|erroring|errors?|getting|get|gets|gives?|giving|seeing|see|happening|happens|the same|same|not working|doesn'?t work|does not work|won'?t work|blocked|forbidden|denied|\d{3})\b/i,
	/\b(?:didn'?t|did not|doesn'?t|does not|hasn'?t|has not|haven'?t|won'?t) (?:work|help|fix|change|solve|resolve)\b/i,
	/\bnot (?:working|fixed|solved|resolved)\b/i,
	/\b(?:same|identical) (?:error|issue|problem|result|response|403|401|402|429)\b/i,
	/\bno luck\b/i,
	/\b(?:broken|failing|back) again\b/i,
	/\b(?:it'?s|is|error'?s?|issue'?s?|problem'?s?) back\b/i,
	/\b(?:sigue|todav[ií]a|a[uú]n) (?:sin funcionar|fallando|igual|dando|no|con)\b/i,
	/\b(?:ainda|continua) (?:n[aã]o|falhando|dando|com|o mesmo)\b/i,
	/(?:\btoujours (?:pas|la m[eê]me|le m[eê]me|une erreur|bloqu)|[cç]a ne (?:marche|fonctionne) (?:toujours )?pas)/i,
	/\b(?:immer noch|funktioniert (?:immer noch |weiterhin )?nicht|geht (?:immer noch )?nicht)\b/i,
	/(?:还是|仍然|依然|依旧|没用|不行|还不行|沒用)/,
	/(?:まだ(?:エラー|ダメ|駄目|動かない|失敗)|直らない)/,
	/(?:여전히|아직도|안 ?돼)/,
	/(?:все ещё|всё ещё|все еще|всё еще|по-прежнему|не помогло|не работает)/i,
];

const stripCode = (text: string): string => text.replace(/```[\s\S]*?(```|$)/g, ' ').replace(/`[^`\n]*`/g, ' ');

/** True when the text says the problem persists after a fix ("still getting 403", "didn't work", "还是不行"). */
export function saysStillFailing(text: string): boolean {
	const prose = stripCode(text).replace(/[\u2018\u2019\u02bc]/g, "'");
	return STILL_FAILING.some((re) => re.test(prose));
}
