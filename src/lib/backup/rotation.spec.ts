import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	autoBackupName,
	freeBackupName,
	isoWeek,
	parseAutoBackupName,
	rotate,
	type BackupExtension
} from './rotation';

const at = (iso: string) => new Date(iso);
/** This install's mark; `other1` is another computer's, syncing the same folder. */
const D = 'dev001';
const mine = (iso: string, extension: BackupExtension = '.json') =>
	autoBackupName('real', D, at(iso), extension);
/** A backup at noon UTC of each day from `first` for `count` days. */
function daily(first: string, count: number): string[] {
	const start = Date.parse(`${first}T12:00:00Z`);
	return Array.from({ length: count }, (_, i) =>
		autoBackupName('real', D, new Date(start + i * 86_400_000))
	);
}
const noon = (days: string[]) => days.map((day) => mine(`${day}T12:00:00Z`));
const sorted = (names: string[]) => [...names].sort();

describe('automatic backup file names', () => {
	it('say the database and the moment in UTC', () => {
		expect(autoBackupName('real', D, at('2026-12-02T14:05:00Z'))).toBe(
			'strata-my-data-2026-12-02T14-05-00Z-dev001.json'
		);
		expect(autoBackupName('demo', D, at('2027-01-09T03:04:05.678Z'), '.json.gpg')).toBe(
			'strata-demo-2027-01-09T03-04-05Z-dev001.json.gpg'
		);
	});

	it('read back to the same second and extension, and sort as their dates do', () => {
		const moment = fc.date({
			min: new Date('1970-01-01T00:00:00Z'),
			max: new Date('9999-12-31T23:59:59Z'),
			noInvalidDate: true
		});
		fc.assert(
			fc.property(
				moment,
				moment,
				fc.constantFrom<BackupExtension>('.json', '.json.gpg'),
				fc.constantFrom('real' as const, 'demo' as const),
				(a, b, extension, database) => {
					const name = autoBackupName(database, D, a, extension);
					const parsed = parseAutoBackupName(database, D, name);
					expect(parsed).toEqual({
						at: new Date(Math.floor(a.getTime() / 1000) * 1000),
						extension
					});
					const other = autoBackupName(database, D, b, extension);
					const bySecond = Math.sign(
						Math.floor(a.getTime() / 1000) - Math.floor(b.getTime() / 1000)
					);
					expect(Math.sign(name.localeCompare(other, 'en'))).toBe(bySecond);
					expect(name < other ? -1 : name > other ? 1 : 0).toBe(bySecond);
				}
			)
		);
	});

	it('are only ours when they are exactly what we write, for this database', () => {
		for (const name of [
			'notes.txt',
			'strata-backup-2026-12-02.json',
			'strata-demo-2026-12-02T14-05-00Z.json',
			'strata-my-data-2026-12-02T14-05-00Z (1).json',
			'strata-my-data-2026-12-02T14-05-00Z.json.txt',
			'strata-my-data-2026-12-02T14-05-00.json',
			'strata-my-data-2026-02-30T14-05-00Z.json',
			'strata-my-data-2026-12-02T24-00-00Z.json',
			'STRATA-MY-DATA-2026-12-02T14-05-00Z.JSON',
			'strata-my-data-2026-12-02T14-05-00Z.db',
			'x-strata-my-data-2026-12-02T14-05-00Z-dev001.json',
			'strata-my-data-2026-12-02T14-05-00Z-other1.json',
			'strata-my-data-2026-12-02T14-05-00Z-dev001 (1).json'
		])
			expect(parseAutoBackupName('real', D, name), name).toBeNull();
		expect(
			parseAutoBackupName('demo', D, 'strata-demo-2026-12-02T14-05-00Z-dev001.json')
		).not.toBeNull();
	});

	it('never take a name already in the folder', () => {
		const now = at('2026-12-02T14:05:00.900Z');
		expect(freeBackupName('real', D, now, '.json', [])).toBe(
			'strata-my-data-2026-12-02T14-05-00Z-dev001.json'
		);
		expect(
			freeBackupName('real', D, now, '.json', [
				'strata-my-data-2026-12-02T14-05-00Z-dev001.json',
				'strata-my-data-2026-12-02T14-05-01Z-dev001.json'
			])
		).toBe('strata-my-data-2026-12-02T14-05-02Z-dev001.json');
	});
});

describe('ISO weeks', () => {
	it('start on Monday, and the year of a week is the year of its Thursday', () => {
		expect(isoWeek(at('2026-12-27T23:59:59Z'))).toBe('2026-W52');
		expect(isoWeek(at('2026-12-28T00:00:00Z'))).toBe('2026-W53');
		expect(isoWeek(at('2027-01-01T12:00:00Z'))).toBe('2026-W53');
		expect(isoWeek(at('2027-01-03T23:59:59Z'))).toBe('2026-W53');
		expect(isoWeek(at('2027-01-04T00:00:00Z'))).toBe('2027-W01');
		expect(isoWeek(at('2021-01-03T12:00:00Z'))).toBe('2020-W53');
		expect(isoWeek(at('2024-12-30T12:00:00Z'))).toBe('2025-W01');
		expect(isoWeek(at('2008-12-29T12:00:00Z'))).toBe('2009-W01');
		expect(isoWeek(at('2026-01-01T12:00:00Z'))).toBe('2026-W01');
		expect(isoWeek(at('2025-12-31T12:00:00Z'))).toBe('2026-W01');
		expect(isoWeek(at('2016-01-03T12:00:00Z'))).toBe('2015-W53');
	});
});

describe('rotation', () => {
	it('keeps only the newest of several backups the same day', () => {
		const names = [
			mine('2026-12-02T09:00:00Z'),
			mine('2026-12-02T11:00:00Z'),
			mine('2026-12-02T10:00:00Z')
		];
		expect(rotate(names, 'real', D)).toEqual({
			keep: [mine('2026-12-02T11:00:00Z')],
			remove: [mine('2026-12-02T10:00:00Z'), mine('2026-12-02T09:00:00Z')]
		});
	});

	it('keeps 7 days, then the newest of 4 ISO weeks and of 12 months', () => {
		// 1 January to 9 February 2026, one a day; 9 February is a Monday (2026-W07).
		const names = daily('2026-01-01', 40);
		const { keep, remove } = rotate(names, 'real', D);
		const kept = noon([
			'2026-02-03',
			'2026-02-04',
			'2026-02-05',
			'2026-02-06',
			'2026-02-07',
			'2026-02-08', // also the newest of 2026-W06
			'2026-02-09', // also the newest of 2026-W07 and of February
			'2026-02-01', // the newest of 2026-W05
			'2026-01-25', // the newest of 2026-W04
			'2026-01-31' // the newest of January
		]);
		expect(sorted(keep)).toEqual(sorted(kept));
		expect(sorted(remove)).toEqual(sorted(names.filter((n) => !kept.includes(n))));
	});

	it('counts weeks across the new year, week 53 included', () => {
		// 20 December 2026 to 10 January 2027: 2026 has 53 ISO weeks (28 Dec – 3 Jan).
		const names = daily('2026-12-20', 22);
		const kept = noon([
			'2027-01-04',
			'2027-01-05',
			'2027-01-06',
			'2027-01-07',
			'2027-01-08',
			'2027-01-09',
			'2027-01-10', // newest of 2027-W01 and of January 2027
			'2027-01-03', // newest of 2026-W53
			'2026-12-27', // newest of 2026-W52
			'2026-12-20', // newest of 2026-W51
			'2026-12-31' // newest of December 2026
		]);
		expect(sorted(rotate(names, 'real', D).keep)).toEqual(sorted(kept));

		const around = noon([
			'2026-12-27',
			'2026-12-28',
			'2026-12-31',
			'2027-01-01',
			'2027-01-03',
			'2027-01-04'
		]);
		expect(sorted(rotate(around, 'real', D, { days: 0, weeks: 2, months: 0 }).keep)).toEqual(
			sorted(noon(['2027-01-04', '2027-01-03']))
		);
		expect(sorted(rotate(around, 'real', D, { days: 0, weeks: 0, months: 2 }).keep)).toEqual(
			sorted(noon(['2027-01-04', '2026-12-31']))
		);
		expect(sorted(rotate(around, 'real', D, { days: 0, weeks: 3, months: 0 }).keep)).toEqual(
			sorted(noon(['2027-01-04', '2027-01-03', '2026-12-27']))
		);
	});

	it('keeps the newest of each of the last 12 months that have one', () => {
		const months = Array.from({ length: 20 }, (_, i) => {
			const d = new Date(Date.UTC(2025, i, 15, 12));
			return d.toISOString().slice(0, 10);
		});
		const names = noon(months);
		const { keep, remove } = rotate(names, 'real', D);
		expect(sorted(keep)).toEqual(sorted(names.slice(8)));
		expect(sorted(remove)).toEqual(sorted(names.slice(0, 8)));
		expect(keep.at(-1)).toBe(mine('2025-09-15T12:00:00Z'));
	});

	it('never deletes an old series after a long pause', () => {
		const names = noon(['2019-05-01', '2024-03-05', '2025-07-01', '2026-12-02']);
		expect(rotate(names, 'real', D).remove).toEqual([]);
	});

	it('treats encrypted and plain backups as one series', () => {
		const names = [
			mine('2026-12-02T09:00:00Z', '.json'),
			mine('2026-12-02T10:00:00Z', '.json.gpg'),
			mine('2026-12-03T09:00:00Z', '.json.gpg'),
			mine('2026-12-03T10:00:00Z', '.json')
		];
		expect(rotate(names, 'real', D)).toEqual({
			keep: [mine('2026-12-03T10:00:00Z', '.json'), mine('2026-12-02T10:00:00Z', '.json.gpg')],
			remove: [mine('2026-12-03T09:00:00Z', '.json.gpg'), mine('2026-12-02T09:00:00Z', '.json')]
		});
	});

	it('never selects a file that is not this install’s backup of this database', () => {
		const foreign = [
			'notes.txt',
			'strata-demo-2026-12-01T10-00-00Z.json',
			'strata-demo-2026-12-02T10-00-00Z.json',
			'strata-my-data-2026-12-01T10-00-00Z (1).json',
			'strata-backup-2026-12-01.json',
			'strata-my-data-2026-02-30T10-00-00Z-dev001.json',
			// Another computer's backups in the same synced folder: its own series, never ours.
			autoBackupName('real', 'other1', at('2026-12-02T11:00:00Z')),
			autoBackupName('real', 'other1', at('2026-12-01T11:00:00Z'))
		];
		const ours = [mine('2026-12-02T09:00:00Z'), mine('2026-12-02T10:00:00Z')];
		const { keep, remove } = rotate([...foreign, ...ours], 'real', D);
		expect(keep).toEqual([ours[1]]);
		expect(remove).toEqual([ours[0]]);
		expect(rotate(foreign, 'real', D)).toEqual({ keep: [], remove: [] });
	});

	it('over any set of dates: splits exactly our names, keeps the newest, and is stable', () => {
		const moment = fc
			.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
			.map((t) => new Date(t));
		fc.assert(
			fc.property(
				fc.array(moment, { maxLength: 300 }),
				fc.array(fc.string(), { maxLength: 10 }),
				(moments, others) => {
					const ours = [...new Set(moments.map((m) => autoBackupName('real', D, m)))];
					const demo = moments.slice(0, 5).map((m) => autoBackupName('demo', D, m));
					const { keep, remove } = rotate([...others, ...demo, ...ours], 'real', D);
					expect(sorted([...keep, ...remove])).toEqual(
						sorted([...ours, ...others.filter((o) => parseAutoBackupName('real', D, o))])
					);
					if (ours.length) expect(keep[0]).toBe(sorted(ours).at(-1));
					// Distinct days, weeks and months each keep at most 7, 4, 12 files.
					expect(keep.length).toBeLessThanOrEqual(7 + 4 + 12);
					expect(keep.length).toBeGreaterThanOrEqual(
						Math.min(7, new Set(ours.map((n) => n.slice(15, 25))).size)
					);
					// Rotating what was kept deletes nothing more.
					expect(rotate(keep, 'real', D).remove).toEqual([]);
				}
			)
		);
	});
});
