/**
 * This database's place in its sync group, in its own tables (migrations/0006_sync.up.sql):
 * which device it is, the clock, the devices it knows, and every change with its clock.
 */
import { nextClock, receiveClock } from '$lib/domain/hlc';
import type { Engine } from '../engine';

export interface SyncRow {
	group_id: string;
	device_id: string;
	device_name: string;
	paused: number;
	clock: string;
	last_report: string | null;
}

/** The sync group of the open database, or undefined when it is not part of one. */
export function syncRow(engine: Engine): SyncRow | undefined {
	return engine.get<SyncRow>(
		'SELECT group_id, device_id, device_name, paused, clock, last_report FROM sync_state WHERE id = 1'
	);
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A new device's id: six random letters and digits, as automatic backups name devices. */
export function newDeviceId(): string {
	return [...crypto.getRandomValues(new Uint8Array(6))]
		.map((byte) => ALPHABET[byte % ALPHABET.length])
		.join('');
}

/** Starts a new group with this database as its first device. */
export function startGroup(engine: Engine, name: string, now = Date.now()): SyncRow {
	const device = newDeviceId();
	engine.run(
		`INSERT INTO sync_state (id, group_id, device_id, device_name, clock) VALUES (1, ?, ?, ?, ?)`,
		[crypto.randomUUID(), device, name, nextClock(null, now, device)]
	);
	engine.run('INSERT INTO sync_devices (id, name) VALUES (?, ?)', [device, name]);
	return syncRow(engine)!;
}

/**
 * Takes a copy of another device's database (a snapshot) as this device: a new device id, its
 * own name, none of the copy's undo history or conflicts. The copy's changes and devices stay:
 * they say what this data already holds, and which write of a field is the latest.
 */
export function joinAs(engine: Engine, name: string, now = Date.now()): void {
	const device = newDeviceId();
	const row = syncRow(engine)!;
	engine.run(
		`UPDATE sync_state SET device_id = ?, device_name = ?, paused = 0, last_report = NULL,
       clock = ? WHERE id = 1`,
		[device, name, receiveClock(row.clock, row.clock, now, device)]
	);
	engine.run('INSERT INTO sync_devices (id, name, last_sync_at) VALUES (?, ?, ?)', [
		device,
		name,
		new Date(now).toISOString()
	]);
	engine.run('DELETE FROM sync_conflicts');
	engine.run('DELETE FROM change_log');
}

/** This database leaves its group: the data stays as it is. */
export function leaveGroup(engine: Engine): void {
	for (const table of [
		'sync_renames',
		'sync_conflicts',
		'sync_changes',
		'sync_devices',
		'sync_state'
	])
		engine.run(`DELETE FROM ${table}`);
}

/**
 * Called by the gate for every change made here (not for one applied from another device): the
 * change is numbered and given a time, to be written to the folder.
 */
export function recordOwnChange(engine: Engine, changeset: Uint8Array, now = Date.now()): void {
	const row = syncRow(engine);
	if (!row) return;
	const clock = nextClock(row.clock, now, row.device_id);
	const seq =
		(engine.value<number>('SELECT applied FROM sync_devices WHERE id = ?', [row.device_id]) ?? 0) +
		1;
	engine.run('INSERT INTO sync_changes (device_id, seq, clock, changeset) VALUES (?, ?, ?, ?)', [
		row.device_id,
		seq,
		clock,
		changeset
	]);
	engine.run('UPDATE sync_devices SET applied = ? WHERE id = ?', [seq, row.device_id]);
	engine.run('UPDATE sync_state SET clock = ? WHERE id = 1', [clock]);
}

/** Per device, the highest number of its changes this database has. */
export function appliedByDevice(engine: Engine): Record<string, number> {
	return Object.fromEntries(
		engine
			.all<{ id: string; applied: number }>('SELECT id, applied FROM sync_devices')
			.map((row) => [row.id, row.applied])
	);
}
