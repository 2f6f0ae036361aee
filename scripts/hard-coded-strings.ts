/**
 * Finds words shown to people that do not come from the message catalogue (messages/…): text in
 * a component's markup, a text attribute (label, title, aria-label, placeholder, a component's
 * `label`/`hint` prop…), and sentence-like strings in code. The unit test
 * (tests/unit/hard-coded-strings.spec.ts) runs it on the whole interface; run it by hand on
 * some files while moving their words into the catalogue:
 *
 *   npx tsx scripts/hard-coded-strings.ts src/routes/settings/+page.svelte
 *
 * A heuristic, tuned to say too much rather than too little: a string in code that no one reads
 * (a log line, an identifier) carries a `// not shown: <why>` comment on its line or the one above.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'svelte/compiler';
import ts from 'typescript';

export interface Finding {
	file: string;
	line: number;
	text: string;
}

/** Attributes and props whose value is read by people. */
const READ_ATTRIBUTE =
	/^(aria-label|aria-description|aria-roledescription|aria-valuetext|title|placeholder|alt|label|hint|legend|heading|description|message|text|summary|caption|confirm\w*|\w*Label|\w*Text|\w*Hint|\w*Title|\w*Message|empty\w*)$/;

/** Names the catalogue does not translate: the product's own. */
const PROPER = /^(Strata|Strata 1\.2)$/;

/** The mark of a string in code that no one reads: `// not shown: <why>`. */
export const NOT_SHOWN = 'not shown:';

const hasLetters = (text: string) => /\p{L}/u.test(text);

/** A string in code that reads as words to a person rather than a key, a class list or SQL. */
export function looksLikeWords(text: string): boolean {
	const plain = text.replace(/\{\}/g, ' ').trim();
	if (!/\s/.test(plain) || !/\p{Ll}{3}/u.test(plain)) return false;
	// SQL, a selector, a path, a URL, a date or number pattern, CSS.
	if (/^(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|PRAGMA|ALTER|DROP|BEGIN|SAVEPOINT)\b/i.test(plain))
		return false;
	if (
		/^[\w-]+(\s+[\w-]+)*$/.test(plain) &&
		!/^\p{Lu}/u.test(plain) &&
		plain.split(/\s+/).length < 3
	)
		return false;
	if (/[;{}]|=>|^\.|^#|:\s*\d/.test(plain) && !/[.?!…]$/.test(plain)) return false;
	// A Kysely table or column alias: 'asset_types as t'.
	if (/^[\w.]+ as \w+$/.test(plain)) return false;
	// SQL anywhere in the string (a fragment of a query, a template with its parameters).
	if (
		/\b(SELECT|FROM|WHERE|JOIN|INSERT INTO|UPDATE|DELETE FROM|GROUP BY|ORDER BY|CASE WHEN|VALUES|RETURNING)\b/.test(
			plain
		)
	)
		return false;
	if (/\b(ON CONFLICT|ROLLBACK|RELEASE|ATTACH|AND|NOT NULL)\b|->>|\bjson_\w+\(/.test(plain))
		return false;
	// A list of column names: 'base, quote, day'.
	if (/^[a-z_]\w*(,\s*[a-z_]\w*)+$/.test(plain)) return false;
	return /^\p{Lu}/u.test(plain) || /[.?!…:]$/.test(plain) || plain.split(/\s+/).length >= 3;
}

const lineOf = (source: string, index: number) => source.slice(0, index).split('\n').length;

/** Sentence-like string literals and template literals in TypeScript source. */
function scanCode(file: string, code: string, offsetLine: number, out: Finding[]): void {
	const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
	const lines = code.split('\n');
	// A string no one reads (a log line, a key) is marked on its line or the line above.
	const exempt = (node: ts.Node): boolean => {
		const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
		return [lines[line], lines[line - 1]].some((l) => l?.includes(NOT_SHOWN));
	};
	const visit = (node: ts.Node): void => {
		// Import paths, type-level strings and object keys are not shown to anyone.
		if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node)) return;
		let text: string | undefined;
		if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
			if (!(node.parent && ts.isPropertyAssignment(node.parent) && node.parent.name === node))
				text = node.text;
		} else if (ts.isTemplateExpression(node)) {
			text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('{}');
		}
		if (text !== undefined && looksLikeWords(text) && !exempt(node)) {
			const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + offsetLine;
			out.push({ file, line, text: text.trim() });
		}
		ts.forEachChild(node, visit);
	};
	visit(sf);
}

type SvelteNode = {
	type: string;
	start: number;
	name?: string;
	data?: string;
	value?: unknown;
	[key: string]: unknown;
};

function scanMarkup(file: string, source: string, node: unknown, out: Finding[]): void {
	if (Array.isArray(node)) {
		for (const child of node) scanMarkup(file, source, child, out);
		return;
	}
	if (!node || typeof node !== 'object') return;
	const n = node as SvelteNode;
	if (n.type === 'Text' && typeof n.data === 'string') {
		const text = n.data.replace(/\s+/g, ' ').trim();
		if (hasLetters(text) && !PROPER.test(text))
			out.push({ file, line: lineOf(source, n.start), text });
		return;
	}
	if (n.type === 'Attribute' && typeof n.name === 'string') {
		if (READ_ATTRIBUTE.test(n.name) && Array.isArray(n.value)) {
			for (const part of n.value as SvelteNode[]) {
				if (part.type === 'Text' && hasLetters(part.data ?? '') && !PROPER.test(part.data!.trim()))
					out.push({ file, line: lineOf(source, part.start), text: part.data!.trim() });
			}
		}
		return;
	}
	// Expressions in markup are code: their strings go through the code check.
	if (n.type === 'ExpressionTag' || n.type === 'Comment') return;
	for (const [key, value] of Object.entries(n)) {
		if (key === 'expression' || key === 'metadata') continue;
		if (typeof value === 'object') scanMarkup(file, source, value, out);
	}
}

/** Everything in one file that reads as words and does not come from the catalogue. */
export function findHardCodedStrings(file: string): Finding[] {
	const source = readFileSync(file, 'utf8');
	const out: Finding[] = [];
	if (!file.endsWith('.svelte')) {
		scanCode(file, source, 1, out);
		return out;
	}
	const ast = parse(source, { modern: true });
	for (const script of [ast.instance, ast.module]) {
		if (!script) continue;
		const content = script.content as unknown as { start: number; end: number };
		const code = source.slice(content.start, content.end);
		scanCode(file, code, lineOf(source, content.start), out);
	}
	scanMarkup(file, source, ast.fragment, out);
	// Strings inside markup expressions: {cond ? 'Yes please' : 'No'}, label={`…`}.
	const collect = (node: unknown): void => {
		if (Array.isArray(node)) return node.forEach(collect);
		if (!node || typeof node !== 'object') return;
		const n = node as SvelteNode;
		if ((n.type === 'Literal' && typeof n.value === 'string') || n.type === 'TemplateLiteral') {
			const text =
				n.type === 'Literal'
					? (n.value as string)
					: (n.quasis as { value: { cooked: string } }[]).map((q) => q.value.cooked).join('{}');
			if (looksLikeWords(text))
				out.push({ file, line: lineOf(source, n.start), text: text.trim() });
			return;
		}
		for (const [key, value] of Object.entries(n)) {
			if (key === 'metadata') continue;
			if (typeof value === 'object') collect(value);
		}
	};
	collect(ast.fragment);
	return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const findings = process.argv.slice(2).flatMap(findHardCodedStrings);
	for (const f of findings) console.log(`${f.file}:${f.line}: ${f.text}`);
	console.log(`${findings.length} hard-coded string(s)`);
	process.exitCode = findings.length ? 1 : 0;
}
