/**
 * The names of automatic backups and which of them to keep. Pure: the folder code
 * (`folder.ts`) lists the names, this decides, and only names it parsed as ours are ever deleted.
 */
import type { DatabaseName } from '$lib/db/messages';

/** The database in a file name: a folder may hold both, and they must never mix. */
const SLUGS: Record<DatabaseName, string> = { real: 'my-data', demo: 'demo' };

/**
 * What an automatic backup ends with. `.json.gpg` is the same backup, encrypted: rotation
 * treats both as one series, so the backups from before encryption was turned on (readable)
 * go as the rotation reaches them, not at once.
 */
export type BackupExtension = '.json' | '.json.gpg';

/**
 * This install's mark in the names of its backups. A folder a cloud drive syncs is often shared
 * by two computers (or two browsers): each keeps and deletes only its own series, so one never
 * rotates away another's backups of different data.
 */
export const DEVICE_ID = /^[a-z0-9]{6}$/;

const two = (n: number) => String(n).padStart(2, '0');

/**
 * The file name of an automatic backup made at `at`, to the second, in UTC (marked `Z`): the
 * same width every time and no daylight-saving hour that happens twice, so names sort by date.
 *
 * @example autoBackupName('real', 'k3j9x2', new Date('2026-12-02T14:05:00Z')) // 'strata-my-data-2026-12-02T14-05-00Z-k3j9x2.json'
 */
export function autoBackupName(
	database: DatabaseName,
	device: string,
	at: Date,
	extension: BackupExtension = '.json'
): string {
	const day = `${at.getUTCFullYear()}-${two(at.getUTCMonth() + 1)}-${two(at.getUTCDate())}`;
	const time = `${two(at.getUTCHours())}-${two(at.getUTCMinutes())}-${two(at.getUTCSeconds())}`;
	// not shown: a file name, the same in every language
	return `strata-${SLUGS[database]}-${day}T${time}Z-${device}${extension}`;
}

const NAME =
	/^strata-(my-data|demo)-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})Z-([a-z0-9]{6})(\.json(?:\.gpg)?)$/;

/**
 * The moment of one of this install's (`device`) automatic backups of `database`, or null for
 * any other name —
 * another database's backup, another install's, a copy a sync tool made (`… (1).json`), the
 * user's own files.
 */
export function parseAutoBackupName(
	database: DatabaseName,
	device: string,
	name: string
): { at: Date; extension: BackupExtension } | null {
	const match = NAME.exec(name);
	if (!match || match[1] !== SLUGS[database] || match[8] !== device) return null;
	const [year, month, day, hours, minutes, seconds] = match.slice(2, 8).map(Number) as [
		number,
		number,
		number,
		number,
		number,
		number
	];
	const at = new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds));
	// `2026-02-30` would be read as 2 March: such a name is not one we wrote.
	const extension = match[9] as BackupExtension;
	if (autoBackupName(database, device, at, extension) !== name) return null;
	return { at, extension };
}

/**
 * A name for a backup made now that no file in the folder has yet: one second later while it
 * is taken (two backups within a second, or a clock set back).
 */
export function freeBackupName(
	database: DatabaseName,
	device: string,
	now: Date,
	extension: BackupExtension,
	existing: readonly string[]
): string {
	const taken = new Set(existing);
	let at = new Date(Math.floor(now.getTime() / 1000) * 1000);
	while (taken.has(autoBackupName(database, device, at, extension)))
		at = new Date(at.getTime() + 1000);
	return autoBackupName(database, device, at, extension);
}

/** How many of the latest days, ISO weeks and months that have a backup keep their newest one. */
export interface RotationPolicy {
	days: number;
	weeks: number;
	months: number;
}

export const ROTATION: RotationPolicy = { days: 7, weeks: 4, months: 12 };

/** `2026-W53` for a UTC date: weeks start on Monday, week 1 holds the year's first Thursday. */
export function isoWeek(at: Date): string {
	const date = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
	const weekday = date.getUTCDay() || 7;
	// The Thursday of this week decides the year the week belongs to.
	date.setUTCDate(date.getUTCDate() + 4 - weekday);
	const year = date.getUTCFullYear();
	const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
	return `${year}-W${two(week)}`;
}

/**
 * Which of the folder's files to keep and which to delete after a backup of `database`: the
 * newest backup of each of the last 7 days that have one, of the last 4 ISO weeks that have one,
 * and of the last 12 months that have one (UTC, as the names are). Counting only periods that
 * have a backup (as restic's `--keep-daily` does) means a long pause never deletes the old
 * series. Names that are not our backups of this database are in neither list: never touched.
 *
 * @example rotate(await listNames(folder), 'real', device).remove // the names to delete
 */
export function rotate(
	names: readonly string[],
	database: DatabaseName,
	device: string,
	policy: RotationPolicy = ROTATION
): { keep: string[]; remove: string[] } {
	const backups = names
		.map((name) => ({ name, parsed: parseAutoBackupName(database, device, name) }))
		.filter((b): b is { name: string; parsed: { at: Date; extension: BackupExtension } } =>
			Boolean(b.parsed)
		)
		.sort((a, b) => b.parsed.at.getTime() - a.parsed.at.getTime() || (a.name < b.name ? 1 : -1));
	const kept = new Set<string>();
	const periods: [number, (at: Date) => string][] = [
		[policy.days, (at) => at.toISOString().slice(0, 10)],
		[policy.weeks, isoWeek],
		[policy.months, (at) => at.toISOString().slice(0, 7)]
	];
	for (const [count, periodOf] of periods) {
		const seen = new Set<string>();
		// Newest first: the first backup met in a period is that period's newest.
		for (const { name, parsed } of backups) {
			const period = periodOf(parsed.at);
			if (seen.has(period)) continue;
			if (seen.size === count) break;
			seen.add(period);
			kept.add(name);
		}
	}
	return {
		keep: backups.filter((b) => kept.has(b.name)).map((b) => b.name),
		remove: backups.filter((b) => !kept.has(b.name)).map((b) => b.name)
	};
}
