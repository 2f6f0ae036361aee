/**
 * The migrations bundled into this build: every `migrations/NNNN_name.up.sql` with its
 * `.down.sql`, read at build time. A migration is frozen once released; the runner notices an
 * edited file by its checksum and refuses a database that ran migrations this build lacks.
 */

export interface MigrationFile {
	version: number;
	name: string;
	up: string;
	down: string;
}

export interface Migration extends MigrationFile {
	/** SHA-256 (hex) of the up script with line endings normalised. */
	checksum: string;
}

export { migrationLabel } from './messages';

const upFiles = import.meta.glob<string>('/migrations/*.up.sql', {
	query: '?raw',
	import: 'default',
	eager: true
});
const downFiles = import.meta.glob<string>('/migrations/*.down.sql', {
	query: '?raw',
	import: 'default',
	eager: true
});

const FILE_NAME = /\/(\d{4})_([a-z0-9_]+)\.(up|down)\.sql$/;

/**
 * Pairs up and down files and checks the set is usable: fixed-width versions 1, 2, 3… with no
 * gap, and every up file has its down file. A mistake here is a build error, not a user's.
 */
export function collectMigrationFiles(
	ups: Record<string, string>,
	downs: Record<string, string>
): MigrationFile[] {
	const byVersion = new Map<number, Partial<MigrationFile>>();
	for (const [path, sql] of [...Object.entries(ups), ...Object.entries(downs)]) {
		const match = FILE_NAME.exec(path);
		if (!match)
			// not shown: a build error (the bundled migration files are the app's own)
			throw new Error(`Migration file name must look like 0001_short_name.up.sql: ${path}`);
		const [, digits, name, direction] = match as unknown as [string, string, string, 'up' | 'down'];
		const version = Number(digits);
		const entry = byVersion.get(version) ?? { version, name };
		if (entry.name !== name)
			// not shown: a build error (the bundled migration files are the app's own)
			throw new Error(`Migration ${digits} has two names: ${entry.name}, ${name}`);
		entry[direction] = sql;
		byVersion.set(version, entry);
	}
	const files = [...byVersion.values()].sort((a, b) => a.version! - b.version!);
	files.forEach((file, index) => {
		const label = `${String(file.version).padStart(4, '0')}_${file.name}`;
		if (file.version !== index + 1)
			// not shown: a build error (the bundled migration files are the app's own)
			throw new Error(`Migrations must be numbered 1, 2, 3…: ${label}`);
		// not shown: a build error
		if (file.up === undefined) throw new Error(`Migration ${label} has no .up.sql`);
		// not shown: a build error
		if (file.down === undefined) throw new Error(`Migration ${label} has no .down.sql`);
	});
	return files as MigrationFile[];
}

export async function checksumOf(sql: string): Promise<string> {
	const bytes = new TextEncoder().encode(sql.replace(/\r\n?/g, '\n'));
	const digest = await crypto.subtle.digest('SHA-256', bytes);
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function withChecksums(files: MigrationFile[]): Promise<Migration[]> {
	return Promise.all(files.map(async (file) => ({ ...file, checksum: await checksumOf(file.up) })));
}

export const bundledMigrationFiles: MigrationFile[] = collectMigrationFiles(upFiles, downFiles);

let bundled: Promise<Migration[]> | undefined;

/** The migrations of this build, with their checksums (computed once). */
export function bundledMigrations(): Promise<Migration[]> {
	bundled ??= withChecksums(bundledMigrationFiles);
	return bundled;
}
