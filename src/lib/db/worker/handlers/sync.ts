/**
 * Sync between devices (README, "Sync"): setting up, what to write into the folder, applying
 * other devices' changes, joining a group from its snapshot, and settling conflicts. The page
 * moves the files (the folder, or "Sync by file"); everything that reads or changes the data
 * is here, and every change of the data goes through the gate.
 */
import type {
	SqlValue,
	SyncConflict,
	SyncFile,
	SyncReport,
	SyncStatus,
	TableName,
	WriteContext,
	WriteReply,
	Writes
} from '../../messages';
import { AppError, RefusedError, ValidationError } from '$lib/domain/errors';
import { formatDay } from '$lib/domain/dates';
import { receiveClock } from '$lib/domain/hlc';
import { m } from '$lib/paraglide/messages';
import { schemaVersion } from '../../migrator';
import { readChangeset, type ChangedRow } from '../changesets';
import { followerColumns } from '../derived';
import type { Engine } from '../engine';
import type { ChangeHandler, ReplaceHandler } from '../gate';
import type { WorkerServices } from '../services';
import {
	decodeChangeset,
	decodeDevice,
	devicePath,
	changesetPath,
	encodeChangeset,
	encodeDevice,
	isDatabaseFile,
	parseChangesetPath,
	SNAPSHOT_PATH,
	SyncFileError
} from '../sync/files';
import {
	LaterIndex,
	keyOf,
	mergeChange,
	settleDangling,
	type FoundConflict,
	type IncomingChange
} from '../sync/merge';
import {
	appliedByDevice,
	joinAs,
	leaveGroup,
	startGroup,
	syncRow,
	type SyncRow
} from '../sync/store';
import { ownBuffer } from './backup-files';
import type { QueryHandlers } from './queries';

type SyncQuery =
	| 'sync/status'
	| 'sync/setup'
	| 'sync/rename'
	| 'sync/pause'
	| 'sync/leave'
	| 'sync/outgoing'
	| 'sync/written'
	| 'sync/wanted'
	| 'sync/compactable'
	| 'sync/bundle'
	| 'sync/join-preview';

type SyncWrite = 'sync/apply' | 'sync/join' | 'sync/resolve';

export type SyncWrites = {
	[K in SyncWrite]: (
		args: Writes[K]['args'],
		context: WriteContext,
		request: { id: number }
	) => Promise<WriteReply<Writes[K]['result']>>;
};

function requireSync(engine: Engine): SyncRow {
	const row = syncRow(engine);
	if (!row) throw new RefusedError(m.syncengine_not_set_up());
	return row;
}

function deviceName(name: string): string {
	const trimmed = name.trim();
	if (!trimmed) throw new ValidationError({ deviceName: m.syncengine_name_needed() });
	if (trimmed.length > 60) throw new ValidationError({ deviceName: m.syncengine_name_too_long() });
	return trimmed;
}

// ---------------------------------------------------------------------------------------------
// Words for the Sync panel

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The row of a conflict in words: "Valuation of “Flat in Lyon” on 2021-01-04". */
function describeRow(
	engine: Engine,
	table: string,
	key: Record<string, SqlValue>,
	values: Record<string, unknown> | null,
	locale: string
): string {
	const row =
		values ??
		engine.get<Record<string, unknown>>(
			`SELECT * FROM "${table}" WHERE ${Object.keys(key)
				.map((c) => `"${c}" IS ?`)
				.join(' AND ')}`,
			Object.values(key)
		) ??
		{};
	const asset = (id: unknown) =>
		engine.value<string>('SELECT name FROM assets WHERE id = ?', [text(id)]) ??
		m.syncengine_row_deleted_asset();
	const day = (value: unknown) => (text(value) ? formatDay(text(value).slice(0, 10), locale) : '');
	switch (table) {
		case 'assets':
			return m.syncengine_row_asset({ name: text(row.name) || asset(key.id) });
		case 'asset_snapshots':
			return m.syncengine_row_valuation({
				name: asset(row.asset_id),
				day: day(row.observed_at)
			});
		case 'transactions':
			return m.syncengine_row_transaction({ name: asset(row.asset_id), day: day(row.occurred_at) });
		case 'categories':
			return m.syncengine_row_category({ name: text(row.name) });
		case 'tags':
			return m.syncengine_row_tag({ name: text(row.name) });
		case 'asset_types':
			return m.syncengine_row_asset_type({ name: text(row.name) });
		default:
			return m.syncengine_row_other({ table });
	}
}

const FIELD_WORDS: Record<string, () => string> = {
	name: m.syncengine_field_name,
	value: m.syncengine_field_value,
	observed_at: m.syncengine_field_date,
	occurred_at: m.syncengine_field_date,
	quantity: m.syncengine_field_quantity,
	unit_price: m.syncengine_field_price,
	notes: m.syncengine_field_notes,
	currency: m.syncengine_field_currency,
	asset_type_id: m.syncengine_field_type,
	parent_id: m.syncengine_field_parent
};

function describeValue(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'object') {
		const row = value as Record<string, unknown>;
		return text(row.name) || text(row.value) || m.syncengine_value_row();
	}
	return String(value);
}

interface ConflictRow {
	id: number;
	found_at: string;
	device_id: string;
	table_name: string;
	row_key: string;
	column_name: string | null;
	here: string | null;
	there: string | null;
	winner: 'here' | 'there';
	settled: number;
}

function conflictsOf(engine: Engine, locale: string): SyncConflict[] {
	return engine
		.all<ConflictRow & { device_name: string | null }>(
			`SELECT c.*, d.name AS device_name FROM sync_conflicts c
       LEFT JOIN sync_devices d ON d.id = c.device_id ORDER BY c.id DESC LIMIT 50`
		)
		.map((row) => {
			const here = row.here === null ? null : (JSON.parse(row.here) as unknown);
			const there = row.there === null ? null : (JSON.parse(row.there) as unknown);
			const key = JSON.parse(row.row_key) as Record<string, SqlValue>;
			const values =
				here && typeof here === 'object'
					? (here as Record<string, unknown>)
					: there && typeof there === 'object'
						? (there as Record<string, unknown>)
						: null;
			return {
				id: row.id,
				foundAt: row.found_at,
				deviceName: row.device_name ?? row.device_id,
				row: describeRow(engine, row.table_name, key, row.column_name ? null : values, locale),
				field: row.column_name
					? (FIELD_WORDS[row.column_name]?.() ?? row.column_name)
					: m.syncengine_field_whole_row(),
				here: describeValue(here),
				there: describeValue(there),
				winner: row.winner,
				settled: row.settled === 1
			};
		});
}

export function syncStatus(engine: Engine, locale: string): SyncStatus {
	const row = syncRow(engine);
	if (!row)
		return {
			enabled: false,
			deviceId: null,
			deviceName: null,
			groupId: null,
			paused: false,
			pending: 0,
			devices: [],
			conflicts: [],
			lastReport: null
		};
	return {
		enabled: true,
		deviceId: row.device_id,
		deviceName: row.device_name,
		groupId: row.group_id,
		paused: row.paused === 1,
		pending:
			engine.value<number>(
				'SELECT count(*) FROM sync_changes WHERE device_id = ? AND written = 0',
				[row.device_id]
			) ?? 0,
		devices: engine
			.all<{ id: string; name: string; applied: number; last_sync_at: string | null }>(
				'SELECT id, name, applied, last_sync_at FROM sync_devices ORDER BY id = ? DESC, name',
				[row.device_id]
			)
			.map((device) => ({
				id: device.id,
				name: device.name,
				self: device.id === row.device_id,
				lastSyncAt: device.last_sync_at,
				applied: device.applied
			})),
		conflicts: conflictsOf(engine, locale),
		lastReport: row.last_report ? (JSON.parse(row.last_report) as SyncReport) : null
	};
}

// ---------------------------------------------------------------------------------------------
// Snapshots and sync files: a whole database

const backupFile = () => import('$lib/backup/backup-file');

/** A snapshot or sync file, checked and brought to this schema in a throwaway database. */
async function stageSnapshot(worker: WorkerServices, bytes: Uint8Array): Promise<Engine> {
	if (!isDatabaseFile(bytes)) throw new SyncFileError(m.syncengine_file_not_snapshot());
	const { stageRestorePoint } = await backupFile();
	let staged: Engine;
	try {
		staged = stageRestorePoint(await worker.sqlite3, bytes, await worker.bundled());
	} catch (error) {
		throw new SyncFileError(m.syncengine_file_unreadable({ reason: (error as Error).message }));
	}
	if (!syncRow(staged)) {
		staged.close();
		throw new SyncFileError(m.syncengine_file_not_snapshot());
	}
	return staged;
}

/** A snapshot or sync file to join from: one that cannot be used is a bad file, said in words. */
async function stagedForJoin(worker: WorkerServices, file: SyncFile): Promise<Engine> {
	try {
		return await stageSnapshot(worker, new Uint8Array(file.bytes));
	} catch (error) {
		if (error instanceof SyncFileError) throw new AppError('bad-file', error.message);
		throw error;
	}
}

/** The changes a snapshot or sync file knows, as incoming changes. */
async function changesOfSnapshot(
	worker: WorkerServices,
	bytes: Uint8Array,
	row: SyncRow
): Promise<IncomingChange[]> {
	const staged = await stageSnapshot(worker, bytes);
	try {
		if (syncRow(staged)!.group_id !== row.group_id)
			throw new SyncFileError(m.syncengine_other_group());
		return staged
			.all<{
				device_id: string;
				name: string | null;
				seq: number;
				clock: string;
				changeset: Uint8Array;
			}>(
				`SELECT c.device_id, d.name, c.seq, c.clock, c.changeset FROM sync_changes c
         LEFT JOIN sync_devices d ON d.id = c.device_id`
			)
			.map((change) => ({
				device: change.device_id,
				name: change.name ?? change.device_id,
				seq: change.seq,
				clock: change.clock,
				changeset: change.changeset
			}));
	} finally {
		staged.close();
	}
}

// ---------------------------------------------------------------------------------------------
// Applying another device's change

interface ApplyArgs {
	change: IncomingChange;
	later: LaterIndex;
	self: SyncRow;
}

/** A deleted row as its deletion recorded it: in this change, or in one known here. */
function deletedRow(
	engine: Engine,
	rows: ChangedRow[],
	table: string,
	key: Record<string, SqlValue>
): Record<string, SqlValue> | null {
	const matches = (row: ChangedRow) =>
		row.table === table &&
		row.op === 'delete' &&
		Object.entries(key).every(([c, v]) => row.old[c] === v);
	const here = rows.find(matches);
	if (here) return here.old;
	for (const entry of engine.all<{ changeset: Uint8Array }>(
		'SELECT changeset FROM sync_changes ORDER BY clock DESC'
	)) {
		const found = readChangeset(engine, entry.changeset).find(matches);
		if (found) return found.old;
	}
	return null;
}

function storeConflicts(engine: Engine, device: string, found: FoundConflict[], now: string) {
	for (const conflict of found) {
		engine.run(
			`INSERT INTO sync_conflicts (found_at, device_id, table_name, row_key, column_name, here, there, winner)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			[
				now,
				device,
				conflict.table,
				JSON.stringify(conflict.key),
				conflict.column,
				conflict.here === null || conflict.here === undefined
					? null
					: JSON.stringify(conflict.here),
				conflict.there === null || conflict.there === undefined
					? null
					: JSON.stringify(conflict.there),
				conflict.winner
			]
		);
	}
	engine.run(
		'DELETE FROM sync_conflicts WHERE id < (SELECT id FROM sync_conflicts ORDER BY id DESC LIMIT 1 OFFSET 199)'
	);
}

/** The change is this device's now: its number, its clock, and who made it. */
function markApplied(engine: Engine, change: IncomingChange, self: SyncRow, now: Date) {
	engine.run(
		`INSERT INTO sync_devices (id, name, applied, last_sync_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, applied = excluded.applied,
       last_sync_at = excluded.last_sync_at`,
		[change.device, change.name, change.seq, now.toISOString()]
	);
	const clock = syncRow(engine)?.clock ?? self.clock;
	engine.run('UPDATE sync_state SET clock = ? WHERE id = 1', [
		receiveClock(clock, change.clock, now.getTime(), self.device_id)
	]);
}

/** Each incoming change: merged by the clocks, left-dangling rows settled, all in one transaction. */
const applyChange: ChangeHandler<ApplyArgs, { conflicts: number }> = {
	run({ engine }, { change, later, self }) {
		const rows = readChangeset(engine, change.changeset);
		const found = mergeChange(
			engine,
			change,
			rows,
			later.after(change.clock),
			followerColumns(engine, rows)
		);
		found.push(...settleDangling(engine, (table, key) => deletedRow(engine, rows, table, key)));
		const now = new Date();
		engine.run(
			'INSERT OR IGNORE INTO sync_changes (device_id, seq, clock, changeset, written) VALUES (?, ?, ?, ?, 1)',
			[change.device, change.seq, change.clock, change.changeset]
		);
		markApplied(engine, change, self, now);
		storeConflicts(engine, change.device, found, now.toISOString());
		return {
			value: { conflicts: found.length },
			summary: { what: 'sync', verb: 'applied', device: change.name },
			incoming: true
		};
	}
};

/**
 * A change whose rows would break a rule here (a sale of more than is held, once merged): the
 * data here is kept, the change counts as seen, and it is listed for the user.
 */
function refuseChange(engine: Engine, change: IncomingChange, self: SyncRow, reason: string) {
	const now = new Date();
	engine.exec('BEGIN IMMEDIATE');
	try {
		markApplied(engine, change, self, now);
		const rows = readChangeset(engine, change.changeset);
		const first = rows[0];
		storeConflicts(
			engine,
			change.device,
			first
				? [
						{
							table: first.table,
							key: keyOf(engine, first),
							column: null,
							here: null,
							there: { name: reason, ...first.new },
							winner: 'here'
						}
					]
				: [],
			now.toISOString()
		);
		engine.exec('COMMIT');
	} catch (error) {
		if (engine.inTransaction) engine.exec('ROLLBACK');
		throw error;
	}
}

// ---------------------------------------------------------------------------------------------

export function syncQueries(worker: WorkerServices): QueryHandlers<SyncQuery> {
	const engine = () => worker.requireOpen().engine;
	const locale = () => 'en-US';
	const inTransaction = <T>(work: (engine: Engine) => T): T => {
		const sut = engine();
		sut.exec('BEGIN IMMEDIATE');
		try {
			const result = work(sut);
			sut.exec('COMMIT');
			return result;
		} catch (error) {
			if (sut.inTransaction) sut.exec('ROLLBACK');
			throw error;
		}
	};
	return {
		'sync/status': () => syncStatus(engine(), locale()),

		'sync/setup': ({ deviceName: name }) => {
			worker.requireGate();
			const clean = deviceName(name);
			inTransaction((sut) => {
				if (syncRow(sut)) throw new RefusedError(m.syncengine_already_set_up());
				startGroup(sut, clean);
			});
			return syncStatus(engine(), locale());
		},

		'sync/rename': ({ deviceName: name }) => {
			const clean = deviceName(name);
			inTransaction((sut) => {
				const row = requireSync(sut);
				sut.run('UPDATE sync_state SET device_name = ? WHERE id = 1', [clean]);
				sut.run('UPDATE sync_devices SET name = ? WHERE id = ?', [clean, row.device_id]);
			});
			return null;
		},

		'sync/pause': ({ paused }) => {
			inTransaction((sut) => {
				requireSync(sut);
				sut.run('UPDATE sync_state SET paused = ? WHERE id = 1', [paused ? 1 : 0]);
			});
			return null;
		},

		'sync/leave': () => {
			inTransaction((sut) => leaveGroup(sut));
			return null;
		},

		'sync/outgoing': async ({ snapshot }) => {
			const sut = engine();
			const row = requireSync(sut);
			const schema = schemaVersion(sut);
			const own = sut.all<{ seq: number; clock: string; changeset: Uint8Array }>(
				'SELECT seq, clock, changeset FROM sync_changes WHERE device_id = ? AND written = 0 ORDER BY seq',
				[row.device_id]
			);
			const files: SyncFile[] = [];
			for (const change of own) {
				const bytes = await encodeChangeset(
					{
						group: row.group_id,
						device: row.device_id,
						name: row.device_name,
						seq: change.seq,
						clock: change.clock,
						schema
					},
					change.changeset
				);
				files.push({ path: changesetPath(row.device_id, change.seq), bytes: ownBuffer(bytes) });
			}
			files.push({
				path: devicePath(row.device_id),
				bytes: ownBuffer(
					encodeDevice({
						group: row.group_id,
						device: row.device_id,
						name: row.device_name,
						applied: appliedByDevice(sut),
						at: new Date().toISOString()
					})
				)
			});
			if (snapshot) files.push({ path: SNAPSHOT_PATH, bytes: ownBuffer(worker.databaseBytes()) });
			return { files, upTo: own.at(-1)?.seq ?? 0 };
		},

		'sync/written': ({ upTo }) => {
			inTransaction((sut) => {
				const row = requireSync(sut);
				sut.run('UPDATE sync_changes SET written = 1 WHERE device_id = ? AND seq <= ?', [
					row.device_id,
					upTo
				]);
				sut.run('UPDATE sync_devices SET last_sync_at = ? WHERE id = ?', [
					new Date().toISOString(),
					row.device_id
				]);
			});
			return null;
		},

		'sync/wanted': () => {
			const sut = engine();
			const row = requireSync(sut);
			return { groupId: row.group_id, applied: appliedByDevice(sut) };
		},

		'sync/compactable': ({ devices }) => {
			const sut = engine();
			const row = requireSync(sut);
			const published = new Map<string, Record<string, number>>();
			for (const file of devices) {
				const device = decodeDevice(new Uint8Array(file.bytes));
				if (device && device.group === row.group_id) published.set(device.device, device.applied);
			}
			// A device is known from its device.json too (one that joined and made no change yet).
			inTransaction((tx) => {
				for (const file of devices) {
					const device = decodeDevice(new Uint8Array(file.bytes));
					if (device && device.group === row.group_id)
						tx.run('INSERT OR IGNORE INTO sync_devices (id, name) VALUES (?, ?)', [
							device.device,
							device.name
						]);
				}
			});
			published.set(row.device_id, appliedByDevice(sut));
			const known = Object.keys(appliedByDevice(sut));
			// A device that has not said what it has keeps every change in the folder.
			if (known.some((id) => !published.has(id))) return {};
			const all = new Set([...known, ...published.keys()]);
			return Object.fromEntries(
				[...all].map((id) => [id, Math.min(...[...published.values()].map((p) => p[id] ?? 0))])
			);
		},

		'sync/bundle': () => {
			const sut = engine();
			const row = requireSync(sut);
			const slug =
				row.device_name
					.normalize('NFKD')
					.replace(/[^A-Za-z0-9]+/g, '-')
					.replace(/^-|-$/g, '')
					.toLowerCase() || row.device_id;
			const day = new Date().toISOString().slice(0, 10);
			return {
				bytes: ownBuffer(worker.databaseBytes()),
				// not shown: a file name, the same in every language
				fileName: `strata-sync-${slug}-${day}.strata-sync`
			};
		},

		'sync/join-preview': async ({ file }) => {
			worker.requireGate();
			const staged = await stagedForJoin(worker, file);
			try {
				const { summarize } = await import('$lib/backup/summary');
				const row = syncRow(staged)!;
				return {
					groupId: row.group_id,
					devices: staged
						.all<{ name: string }>('SELECT name FROM sync_devices ORDER BY name')
						.map((d) => d.name),
					summary: await summarize(staged, new Date().toISOString().slice(0, 10))
				};
			} finally {
				staged.close();
			}
		}
	};
}

export function syncWrites(worker: WorkerServices): SyncWrites {
	return {
		'sync/apply': async ({ files }, context) => {
			const gate = worker.requireGate();
			const engine = worker.requireOpen().engine;
			const self = requireSync(engine);
			const schema = schemaVersion(engine);
			const refused: SyncReport['refused'] = [];
			const incoming: IncomingChange[] = [];
			for (const file of files) {
				const bytes = new Uint8Array(file.bytes);
				try {
					if (isDatabaseFile(bytes)) {
						incoming.push(...(await changesOfSnapshot(worker, bytes, self)));
						continue;
					}
					const { header, changeset } = await decodeChangeset(bytes);
					const named = parseChangesetPath(file.path);
					if (named && (named.device !== header.device || named.seq !== header.seq))
						throw new SyncFileError(m.syncengine_file_misnamed());
					if (header.group !== self.group_id) throw new SyncFileError(m.syncengine_other_group());
					if (header.schema !== schema)
						throw new SyncFileError(
							header.schema > schema
								? m.syncengine_newer_version({ name: header.name })
								: m.syncengine_older_version({ name: header.name })
						);
					incoming.push({
						device: header.device,
						name: header.name,
						seq: header.seq,
						clock: header.clock,
						changeset
					});
				} catch (error) {
					if (!(error instanceof SyncFileError)) throw error;
					refused.push({ file: file.path, reason: error.message });
				}
			}

			// Each change once, others' only, those not applied yet, in clock order.
			const applied = appliedByDevice(engine);
			const seen = new Set<string>();
			const pending = incoming
				.filter((change) => {
					const id = `${change.device}:${change.seq}`;
					if (seen.has(id) || change.device === self.device_id) return false;
					seen.add(id);
					return change.seq > (applied[change.device] ?? 0);
				})
				.sort((a, b) => (a.clock < b.clock ? -1 : a.clock > b.clock ? 1 : 0));

			const report = new Map<string, SyncReport['from'][number]>();
			const tables = new Set<TableName>(['sync_devices', 'sync_conflicts']);
			let entry: WriteReply<unknown>['change']['entry'] = null;
			const later = new LaterIndex(engine, pending[0]?.clock ?? '');
			const waiting = new Set<string>();
			for (const change of pending) {
				if (waiting.has(change.device)) continue;
				const next = (appliedByDevice(engine)[change.device] ?? 0) + 1;
				if (change.seq !== next) {
					// A change of that device is missing (its file not synced yet): wait for it.
					waiting.add(change.device);
					refused.push({
						file: changesetPath(change.device, change.seq),
						reason: m.syncengine_waiting_for({ name: change.name, seq: next })
					});
					continue;
				}
				const from = report.get(change.device) ?? {
					deviceId: change.device,
					name: change.name,
					changes: 0,
					conflicts: 0
				};
				report.set(change.device, from);
				from.changes += 1;
				try {
					// The other device checked its own today: a day after this one's (another time
					// zone) is no change from the future.
					const reply = await gate.change(
						applyChange,
						{ change, later, self },
						{ ...context, today: '9999-12-31' }
					);
					from.conflicts += reply.value.conflicts;
					for (const table of reply.change.tables) tables.add(table);
					entry = reply.change.entry ?? entry;
					later.add(change.clock, readChangeset(engine, change.changeset));
				} catch (error) {
					if (!(error instanceof ValidationError)) throw error;
					refuseChange(engine, change, self, error.message);
					from.conflicts += 1;
				}
			}
			const result: SyncReport = {
				at: new Date().toISOString(),
				from: [...report.values()],
				refused
			};
			// Kept for the Sync panel when something came in: a refused file alone changes nothing.
			if (result.from.length > 0)
				engine.run('UPDATE sync_state SET last_report = ? WHERE id = 1', [JSON.stringify(result)]);
			return { value: result, change: { entry, tables: [...tables] } };
		},

		'sync/join': async ({ file, deviceName: name }, context) => {
			const gate = worker.requireGate();
			const clean = deviceName(name);
			const staged = await stagedForJoin(worker, file);
			try {
				const from = syncRow(staged)!.device_name;
				const handler: ReplaceHandler<
					null,
					{ restorePoint: Awaited<ReturnType<WorkerServices['keepRestorePoint']>> }
				> = {
					what: m.syncengine_what_join(),
					atomic: 'whole-file',
					keepsSync: true,
					reason: () => m.syncengine_reason_before_join({ name: from }),
					summary: () => ({ what: 'sync', verb: 'joined', device: from }),
					bytesNeeded: () => 2 * staged.byteSize,
					run: ({ engine }, _args, kept, writeHistory) => {
						joinAs(staged, clean);
						writeHistory(staged);
						engine.replaceWith(staged);
						worker.replaced(engine);
						return { value: { restorePoint: kept } };
					}
				};
				return await gate.replace(handler, null, context);
			} finally {
				staged.close();
			}
		},

		'sync/resolve': ({ id, winner }, context) =>
			worker.requireGate().change(resolveConflict, { id, winner }, context)
	};
}

/** The user chose which value stays: a change made here, which the other devices take too. */
const resolveConflict: ChangeHandler<{ id: number; winner: 'here' | 'there' }, null> = {
	run({ engine }, { id, winner }) {
		const conflict = engine.get<ConflictRow & { device_name: string | null }>(
			`SELECT c.*, d.name AS device_name FROM sync_conflicts c
       LEFT JOIN sync_devices d ON d.id = c.device_id WHERE c.id = ?`,
			[id]
		);
		if (!conflict) throw new AppError('not-found', m.syncengine_conflict_gone());
		const key = JSON.parse(conflict.row_key) as Record<string, SqlValue>;
		const chosen = winner === 'here' ? conflict.here : conflict.there;
		const value = chosen === null ? null : (JSON.parse(chosen) as unknown);
		const where = Object.keys(key)
			.map((c) => `"${c}" IS ?`)
			.join(' AND ');
		const table = conflict.table_name;
		if (conflict.column_name) {
			engine.run(`UPDATE "${table}" SET "${conflict.column_name}" = ? WHERE ${where}`, [
				value as SqlValue,
				...Object.values(key)
			]);
		} else if (value === null) {
			engine.run(`DELETE FROM "${table}" WHERE ${where}`, Object.values(key));
		} else {
			const row = value as Record<string, SqlValue>;
			const columns = engine
				.all<{ name: string }>('SELECT name FROM pragma_table_info(?)', [table])
				.map((c) => c.name);
			// Only a whole row kept from here can be put back; an edit of a deleted row cannot.
			if (!columns.every((c) => c in row)) throw new RefusedError(m.syncengine_cant_bring_back());
			engine.run(
				`INSERT OR REPLACE INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')})
         VALUES (${columns.map(() => '?').join(', ')})`,
				columns.map((c) => row[c]!)
			);
		}
		engine.run('UPDATE sync_conflicts SET winner = ?, settled = 1 WHERE id = ?', [winner, id]);
		return {
			value: null,
			summary: {
				what: 'sync',
				verb: 'resolved',
				device: conflict.device_name ?? conflict.device_id
			}
		};
	}
};
