/**
 * `strata <command>`: the command line for backup files, on the app's own backup, domain and
 * migration code (see compile.js for how Node runs it). Parses the arguments (Node's
 * util.parseArgs), runs one command, prints its outcome (words, or JSON with --json) and answers
 * the exit code; every failure is said in one line, a stack trace only with STRATA_DEBUG=1.
 */
import { parseArgs } from 'node:util';
import pkg from '../../package.json';
import { loadSqlite, type Sqlite } from './backup';
import type { Command, CommandInput, OptionSpec } from './command';
import { convert } from './convert';
import { CliError, EXIT, failureOf, type ExitCode } from './exit';
import { PASSPHRASE_ENV } from './files';
import { migrateCommand } from './migrate';
import { networth } from './networth';
import { verify } from './verify';

const COMMANDS: Command[] = [verify, convert, migrateCommand, networth];

const COMMON: Record<string, OptionSpec> = {
	json: { type: 'boolean', help: 'print the outcome as JSON (on stdout, errors too)' },
	help: { type: 'boolean', short: 'h', help: 'show this help' }
};

function commandHelp(command: Command): string {
	const options = { ...command.options, ...COMMON };
	const usage = Object.entries(command.options)
		.map(([name, spec]) => (spec.type === 'string' ? `[--${name} ${spec.value}]` : `[--${name}]`))
		.join(' ');
	const flags = Object.entries(options).map(([name, spec]) => ({
		flag: `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` ${spec.value}` : ''}`,
		help: spec.help
	}));
	const width = Math.max(...flags.map((f) => f.flag.length));
	const lines = flags.map(({ flag, help }) => `  ${flag.padEnd(width + 2)}${help}`);
	return [
		`Usage: strata ${command.name} ${command.positionals.join(' ')} ${usage} [--json]`,
		'',
		command.description,
		'',
		'Options:',
		...lines,
		...('passphrase-file' in command.options
			? [
					'',
					`An encrypted file's passphrase may also come in ${PASSPHRASE_ENV}, or be typed when asked.`
				]
			: []),
		'',
		'Exit codes: 0 done, 1 not a backup that would import, 2 wrong usage, 3 refused (nothing written), 4 failed.'
	].join('\n');
}

function overallHelp(): string {
	const width = Math.max(...COMMANDS.map((c) => c.name.length));
	return [
		'Usage: strata <command> [arguments] [--json]',
		'',
		'The command line for Strata backup files, on the app’s own checks and migrations.',
		'',
		'Commands:',
		...COMMANDS.map((c) => `  ${c.name.padEnd(width + 2)}${c.summary}`),
		'',
		'strata <command> --help says more about each; strata --version gives the version.',
		'Exit codes: 0 done, 1 not a backup that would import, 2 wrong usage, 3 refused (nothing',
		'written), 4 failed.'
	].join('\n');
}

const usageError = (command: Command, message: string) =>
	new CliError('usage', `${message} See strata ${command.name} --help.`);

/** The command's arguments and options, or a CliError that says what is wrong with them. */
function parse(command: Command, argv: string[]): Pick<CommandInput, 'args' | 'options'> {
	const specs: Record<string, OptionSpec> = { ...command.options, ...COMMON };
	// strict: false, then checked here, so that each mistake gets its own words.
	const { values, positionals, tokens } = parseArgs({
		args: argv,
		options: Object.fromEntries(
			Object.entries(specs).map(([n, s]) => [
				n,
				s.short ? { type: s.type, short: s.short } : { type: s.type }
			])
		),
		allowPositionals: true,
		strict: false,
		tokens: true
	});
	for (const token of tokens) {
		if (token.kind !== 'option') continue;
		const spec = specs[token.name];
		if (token.name === 'passphrase') {
			throw usageError(
				command,
				`A passphrase is never given on the command line (anyone on this computer can read it there): use --passphrase-file PATH or ${PASSPHRASE_ENV}.`
			);
		}
		if (!spec) throw usageError(command, `There is no option ${token.rawName}.`);
		if (spec.type === 'string' && token.value === undefined)
			throw usageError(command, `${token.rawName} needs a value after it.`);
		if (spec.type === 'boolean' && token.value !== undefined)
			throw usageError(command, `${token.rawName} takes no value.`);
	}
	if (values.help) return { args: [], options: values };
	const wanted = command.positionals;
	if (positionals.length < wanted.length) {
		throw usageError(
			command,
			`${wanted.join(' and ')} ${wanted.length > 1 ? 'are' : 'is'} missing: strata ${command.name} ${wanted.join(' ')}.`
		);
	}
	if (positionals.length > wanted.length) {
		throw usageError(
			command,
			`Only ${wanted.join(' and ')} ${wanted.length > 1 ? 'are' : 'is'} taken, but it was also given ${positionals.slice(wanted.length).join(' ')}.`
		);
	}
	return { args: positionals, options: values };
}

const wantsJson = (argv: string[]) => argv.includes('--json');

/** Runs the command line on its arguments (without `node` and the script) and answers the exit code. */
export async function run(argv: string[]): Promise<ExitCode> {
	const [name, ...rest] = argv;
	const json = wantsJson(argv);
	if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
		const command = COMMANDS.find((c) => c.name === rest[0]);
		const help = command ? commandHelp(command) : overallHelp();
		(name === undefined ? process.stderr : process.stdout).write(`${help}\n`);
		return name === undefined ? EXIT.usage : EXIT.ok;
	}
	if (name === '--version') {
		process.stdout.write(`${pkg.version}\n`);
		return EXIT.ok;
	}
	const command = COMMANDS.find((c) => c.name === name);
	try {
		if (!command) {
			throw new CliError(
				'usage',
				`There is no command ${name}: the commands are ${COMMANDS.map((c) => c.name).join(', ')}. See strata --help.`
			);
		}
		const { args, options } = parse(command, rest);
		if (options.help) {
			process.stdout.write(`${commandHelp(command)}\n`);
			return EXIT.ok;
		}
		let sqlite: Promise<Sqlite> | undefined;
		const outcome = await command.run({
			args,
			options,
			sqlite: () => (sqlite ??= loadSqlite()),
			now: new Date()
		});
		if (json) process.stdout.write(`${JSON.stringify({ ok: true, ...outcome.result }, null, 2)}\n`);
		else process.stdout.write(`${outcome.text}\n`);
		return EXIT.ok;
	} catch (error) {
		if (process.env.STRATA_DEBUG) console.error(error);
		const { failure, exit } = failureOf(error);
		if (json) {
			process.stdout.write(`${JSON.stringify({ ok: false, error: failure }, null, 2)}\n`);
		} else {
			const problems = failure.problems.map((p) => `\n  - ${p}`).join('');
			const who = command ? `strata ${command.name}` : 'strata';
			process.stderr.write(`${who}: ${failure.message}${problems}\n`);
		}
		return exit;
	}
}
