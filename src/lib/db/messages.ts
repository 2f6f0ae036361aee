/**
 * The one contract between the page and the database worker. Every operation is named
 * `area/verb` and typed here, so a call from the page is checked against its handler. Every type
 * that crosses the boundary is declared here too: this module imports nothing.
 */

export type DatabaseName = 'real' | 'demo';
export type StorageKind = 'opfs' | 'memory';

export type SqlParam = string | number | bigint | null | Uint8Array;
export type SqlValue = string | number | bigint | null | Uint8Array;
export type Row = Record<string, SqlValue>;

export interface ExecuteResult {
	rows: Row[];
	changes: number;
	lastInsertRowid: number;
	/** Whether a transaction is open on the connection after this statement (the engine's state). */
	inTransaction: boolean;
}

/** The nine tables of the Strata v1 model, parents before children (the original's names). */
export const MODEL_TABLES = [
	'asset_types',
	'categories',
	'tags',
	'assets',
	'asset_snapshots',
	'portfolio_snapshots',
	'transactions',
	'asset_categories',
	'asset_tags'
] as const;

/** Every table the pages may read: the model, our own additions to it, and what is derived. */
export const TABLES = [
	...MODEL_TABLES,
	'asset_type_units',
	'valuation_prices',
	'asset_details',
	'exchange_rates',
	'settings',
	'asset_days',
	'sale_results',
	'currency_days',
	'series_days',
	'change_log',
	'sync_devices',
	'sync_conflicts'
] as const;
export type TableName = (typeof TABLES)[number];

/**
 * The tables of a v1 backup, by their JSON key: the original's nine, and ours (extra tables,
 * which Strata 1.2 ignores when it restores).
 */
export type BackupTable =
	| 'assetTypes'
	| 'assetTypeUnits'
	| 'valuationPrices'
	| 'assetDetails'
	| 'exchangeRates'
	| 'settings'
	| 'categories'
	| 'tags'
	| 'assets'
	| 'assetSnapshots'
	| 'portfolioSnapshots'
	| 'transactions'
	| 'categoriesOnAssets'
	| 'tagsOnAssets';

export interface MigrationRef {
	version: number;
	name: string;
}

export type MigrationState = 'applied' | 'pending' | 'edited' | 'unknown';

export interface MigrationStatus {
	version: number;
	name: string;
	state: MigrationState;
	appliedAt: string | null;
	/** Whether the file that ran is the file bundled now (null when it has not run). */
	checksumMatches: boolean | null;
}

export interface SchemaChange {
	kind: 'added' | 'removed' | 'changed';
	/** "table assets", "index assets_name_idx". */
	object: string;
}

export interface DryRunReport {
	pending: MigrationRef[];
	ok: boolean;
	/** When a migration failed: which one and SQLite's message. */
	failure: { migration: MigrationRef; message: string } | null;
	changes: SchemaChange[];
}

export interface RestorePoint {
	id: string;
	database: DatabaseName;
	createdAt: string;
	/** Why it was kept, in words: "Before importing strata-backup-2026-11-21.json". */
	reason: string;
	size: number;
	schemaVersion: number;
}

export interface NetWorth {
	/** Σ of assets held, liabilities excluded. */
	assets: string;
	/** Σ of liabilities held, as a positive amount. */
	liabilities: string;
	netWorth: string;
	/** How many assets count on that day. */
	held: number;
	/** The base currency the sums are in. */
	currency: string;
	/**
	 * Assets held that day whose value has no rate into the base currency on or before it: left
	 * out of the sums above, which are then incomplete.
	 */
	missing: MissingRate[];
}

/** An asset a total leaves out: no rate from its currency into the base on or before the day. */
export interface MissingRate {
	assetId: string;
	name: string;
	currency: string;
}

/** What a database holds, for the import preview and backup verification. */
export interface DatabaseSummary {
	counts: Record<BackupTable, number>;
	/** First and last day of any valuation or transaction. */
	firstDay: string | null;
	lastDay: string | null;
	/** Net worth at the end of `today` as this data implies it. */
	netWorth: NetWorth;
}

export type BackupOrigin = 'json' | 'strata-db' | 'strata-1.2-db';
export type ImportMode = 'replace' | 'merge';

export interface ImportResult {
	schemaVersion: '1';
	mode: ImportMode;
	/** Rows of the file written (inserted or updated) per table. */
	counts: Record<BackupTable, number>;
}

export type OpenResult =
	| {
			status: 'ready';
			database: DatabaseName;
			storage: StorageKind;
			/** Why the database is in memory only, when OPFS could not be used. */
			storageProblem: string | null;
			schemaVersion: number;
			/** Every total is in it: the pages format with it from the first paint. */
			baseCurrency: string;
	  }
	/** Another tab owns the database; nothing was opened. */
	| { status: 'busy' }
	/** A migration failed and was rolled back; the database is as it was. */
	| {
			status: 'migration-failed';
			database: DatabaseName;
			migration: MigrationRef;
			message: string;
			restorePoint: RestorePoint | null;
	  }
	/** SQLite cannot read the file at all (damaged); its bytes can still be downloaded. */
	| { status: 'damaged'; database: DatabaseName; message: string }
	/** The database was written by a newer Strata, or a migration that ran was edited since. */
	| {
			status: 'refused';
			database: DatabaseName;
			unknown: MigrationRef[];
			edited: MigrationRef[];
			message: string;
	  };

export interface AboutInfo {
	database: DatabaseName;
	storage: StorageKind;
	sqliteVersion: string;
	schemaVersion: number;
	migrations: { version: number; name: string; appliedAt: string }[];
}

/**
 * Something in a backup that breaks a rule the app keeps when it writes: the file still imports
 * exactly as it is, and the preview lists it so the user knows what to fix.
 */
export interface FileWarning {
	kind: 'future' | 'negative-debt' | 'before-acquisition' | 'after-sale' | 'below-zero';
	/** The asset's name. */
	asset: string;
	day: string;
	/** The acquisition's day (before-acquisition), the sale's (after-sale). */
	since?: string;
	/** The negative value (negative-debt), the quantity left (below-zero). */
	value?: string;
}

/** What an import would do: the file's content next to the database's, before anything is written. */
export interface ImportPreview {
	fileName: string;
	kind: 'json' | 'db';
	origin: BackupOrigin;
	exportedAt: string | null;
	file: DatabaseSummary;
	current: DatabaseSummary;
	/** The first of what breaks the app's rules, and how many there are in all. */
	warnings: FileWarning[];
	warningCount: number;
	/** What a `.db` file holds that is not Strata's (a trigger, a view, a table…): never read or run. */
	leftOut: string[];
	/** The file's categories a merge would add beside the user's own of the same name. */
	keptApart: CategoryKeptApart[];
}

/** A category of the file that a merge adds beside the user's own of the same name. */
export interface CategoryKeptApart {
	name: string;
	/** The name it is added under (names are unique regardless of case). */
	addedAs: string;
	/** Where each sits, as a path of names ("Financial › Investments"). */
	filePath: string;
	ourPath: string;
}

/** A file's bytes, moved (not copied) to the worker. */
export interface FileArgs {
	fileName: string;
	bytes: ArrayBuffer;
	/** The user's today, for the net worth the file implies. */
	today: string;
	/** For an encrypted file (OpenPGP, `.gpg`/`.asc`): what decrypts it. Never kept. */
	passphrase?: string;
}

/** For an export: a passphrase encrypts the file (OpenPGP, as `gpg --symmetric`). Never kept. */
export type ExportArgs = { passphrase?: string } | null;

// ---------------------------------------------------------------------------------------------
// CSV import: a file of valuations or transactions, read and kept in the worker, mapped to
// fields, previewed, then written in one change.

/** As domain/csv-read.ts reads a file (declared again here: this module imports nothing). */
export type CsvDelimiter = ',' | ';' | '\t';
export interface CsvNumberStyle {
	decimal: '.' | ',';
	grouping: '' | ',' | '.' | ' ' | "'";
}
export type CsvDateOrder = 'iso' | 'dmy' | 'mdy';

/** Balances of accounts over time, or a broker's activity. */
export type CsvKind = 'valuations' | 'transactions';
/** What a column can be read as. */
export type CsvField = 'date' | 'asset' | 'value' | 'currency' | 'type' | 'quantity' | 'price';

/** Which column (by its index) holds each field; a field left out is not in the file. */
export interface CsvMapping {
	kind: CsvKind;
	columns: Partial<Record<CsvField, number>>;
}

/** What the cells of one column look like: the number style and date order they fit. */
export interface CsvColumnLook {
	/** Null when no style fits every cell, or several do and give different numbers. */
	numberStyle: CsvNumberStyle | null;
	numberCandidates: CsvNumberStyle[];
	dateOrder: CsvDateOrder | null;
	dateCandidates: CsvDateOrder[];
}

/** A CSV file as read, before any mapping: kept in the worker until imported or discarded. */
export interface CsvLayout {
	fileName: string;
	encoding: 'utf-8' | 'windows-1252';
	delimiter: CsvDelimiter;
	hasHeader: boolean;
	/** Header names (or "Column 1", … without a header row). */
	columns: string[];
	rowCount: number;
	/** The first rows, for the mapping step to show. */
	sample: { line: number; cells: string[] }[];
	/** The same for every file of this layout (delimiter, header): the mapping is remembered by it. */
	layoutKey: string;
	/** The mapping guessed from the header's words. */
	suggested: CsvMapping;
	/** Per column. */
	looks: CsvColumnLook[];
	/** When started from an asset's page, every row is this asset's. */
	asset: { id: string; name: string } | null;
}

/** How the user wants the file read and written: the mapping and the answers to its questions. */
export interface CsvChoices {
	mapping: CsvMapping;
	numberStyle: CsvNumberStyle;
	dateOrder: CsvDateOrder;
	/** For each name of the file not in Strata: the id of the type of the asset created for it. */
	newAssetTypes: Record<string, string>;
	/** An existing valuation on a day of the file: keep Strata's, or replace it with the file's. */
	conflicts: 'keep' | 'replace';
}

/** A row that will not be imported, and why, in words. */
export interface CsvBadRow {
	line: number;
	reason: string;
}

/** A day of the file on which Strata already has a valuation of the asset. */
export interface CsvConflict {
	line: number;
	asset: string;
	day: string;
	/** Strata's value and the file's, as plain decimal text in the asset's currency. */
	ours: string;
	theirs: string;
	currency: string;
}

/** What the import does to one asset. */
export interface CsvAssetPlan {
	name: string;
	/** Null for an asset the import creates. */
	assetId: string | null;
	currency: string;
	/** For a new asset: the type chosen for it (null while none is). */
	typeId: string | null;
	valuationsAdded: number;
	valuationsReplaced: number;
	/** Days on which Strata's valuation is kept over the file's. */
	valuationsKept: number;
	transactionsAdded: number;
	/** Transactions already in Strata (same day, type, quantity and price): left out. */
	alreadyThere: number;
	firstDay: string | null;
	lastDay: string | null;
}

export interface CsvPreview {
	fileName: string;
	kind: CsvKind;
	rowsRead: number;
	assets: CsvAssetPlan[];
	/** The first conflicts, and how many there are in all. */
	conflicts: CsvConflict[];
	conflictCount: number;
	/** The first bad rows, and how many there are in all. */
	badRows: CsvBadRow[];
	badRowCount: number;
	/**
	 * Rows of a day after the first of that asset and day: the day's last balance is kept, by the
	 * file's own order of time (which may be newest first, as statements often are).
	 */
	sameDay: { rows: number; order: 'newest-first' | 'oldest-first' } | null;
	/** Columns of the file not imported ("Libellé", "Fees"). */
	unused: string[];
}

export interface CsvImportResult {
	assetsCreated: number;
	valuationsAdded: number;
	valuationsReplaced: number;
	transactionsAdded: number;
	restorePoint: RestorePoint;
}

// ---------------------------------------------------------------------------------------------
// Form input: what the user typed, as text in their locale. The worker parses and checks it.

export interface NewAssetInput {
	name: string;
	assetTypeId: string;
	/** ISO 4217; the base currency when left out. */
	currency?: string;
	quantity: string;
	acquisitionDate: string;
	acquisitionPrice: string;
	categoryIds?: string[];
	tagIds?: string[];
}

export interface AssetEditInput {
	name: string;
	assetTypeId: string;
	/** A correction: its amounts were in this currency all along (nothing is converted). */
	currency?: string;
	quantity: string;
	categoryIds?: string[];
	tagIds?: string[];
}

/** 1 `base` = `rate` `quote` on `day`, as stored. */
export interface ExchangeRate {
	day: string;
	base: string;
	quote: string;
	rate: string;
}

/** A rate as typed: the rate in the user's locale. */
export interface RateInput {
	day: string;
	base: string;
	quote: string;
	rate: string;
}

/**
 * After a refusal of something dated before the asset's acquisition, the user may choose to
 * move the acquisition back to that day: the same input again, with this set.
 */
interface MovesAcquisition {
	moveAcquisitionTo?: string;
}

export interface DisposalInput extends MovesAcquisition {
	disposalDate: string;
	/** Per unit. */
	disposalPrice: string;
	/** How many units are sold; all that is held that day when left out or empty. */
	disposalQuantity?: string;
}

export interface ValuationInput extends MovesAcquisition {
	/** The value of the whole asset, or its price per unit when `perUnit`. */
	value: string;
	date: string;
	perUnit?: boolean;
}

export type TransactionType = 'ACQUIRE' | 'DISPOSE' | 'ADJUST';

export interface TransactionInput extends MovesAcquisition {
	assetId: string;
	type: TransactionType;
	date: string;
	unitPrice: string;
	quantity: string;
}

export interface CategoryInput {
	name: string;
	parentId: string | null;
}

export interface TagInput {
	name: string;
}

export type AssetGroupName =
	| 'FINANCIAL'
	| 'REAL_ESTATE'
	| 'PERSONAL_PROPERTY'
	| 'PHYSICAL_COLLECTIONS'
	| 'LIABILITIES'
	| 'OTHER';

export interface AssetTypeInput {
	label: string;
	group: AssetGroupName;
	/** Valued per unit (a price × the quantity held), like stocks; else as a whole. */
	perUnit?: boolean;
}

/**
 * What every write needs to know about the user: how they type numbers and their day. (The
 * currency of an amount is its asset's, and totals are in the database's base currency.)
 */
export interface WriteContext {
	locale: string;
	/** The user's today (YYYY-MM-DD) in their own time zone. */
	today: string;
}

// ---------------------------------------------------------------------------------------------
// The change history (undo)

/** What a change did, in data (the page words it, in the user's language and formats). */
export type ChangeSummary =
	| {
			what: 'asset' | 'category' | 'tag' | 'asset-type';
			verb: 'added' | 'edited' | 'deleted' | 'disposed';
			name: string;
	  }
	| {
			what: 'valuation';
			verb: 'added' | 'edited' | 'deleted';
			/** The asset's name. */
			name: string;
			day: string;
	  }
	| {
			what: 'transaction';
			verb: 'added' | 'edited' | 'deleted';
			name: string;
			type: TransactionType;
			day: string;
	  }
	| { what: 'data'; verb: 'imported'; file: string; mode: ImportMode }
	| { what: 'data'; verb: 'restored'; copyOf: string }
	| { what: 'data'; verb: 'erased' | 'demo-reset' }
	| { what: 'base-currency'; verb: 'changed'; from: string; to: string }
	| { what: 'rate'; verb: 'added' | 'edited' | 'deleted'; base: string; quote: string; day: string }
	| { what: 'rates'; verb: 'imported'; file: string; count: number }
	| { what: 'csv'; verb: 'imported'; file: string; valuations: number; transactions: number }
	/** Sync: another device's change applied here, this device joined a group, a conflict settled. */
	| { what: 'sync'; verb: 'applied' | 'joined' | 'resolved'; device: string }
	| { what: 'undo' | 'redo'; of: ChangeSummary };

export interface HistoryEntry {
	id: number;
	/** When it was made (ISO timestamp). */
	at: string;
	summary: ChangeSummary;
	kind: 'change' | 'undo' | 'redo';
	/**
	 * How it is undone: by applying the inverse of its changeset, or (imports, restores, erase,
	 * reset) by restoring the copy kept before it. Null once it was undone or can no longer be.
	 */
	undo: 'changeset' | 'restore-point' | null;
	/** The entry that undid this one, if any. */
	undoneBy: number | null;
}

/**
 * What a write did: its history entry (null when it changed nothing) and the tables it changed,
 * for the pages to re-read.
 */
export interface Change {
	entry: HistoryEntry | null;
	tables: TableName[];
}

export interface WriteReply<T> {
	value: T;
	change: Change;
}

// ---------------------------------------------------------------------------------------------
// Sync between devices, through a folder or a file (db/worker/sync/)

/** A device of the sync group, as this database knows it. */
export interface SyncDevice {
	id: string;
	name: string;
	/** This device. */
	self: boolean;
	/** When its changes last came in here (for this device: when it last synced), or null. */
	lastSyncAt: string | null;
	/** The highest number of its changes applied here (for this device: made here). */
	applied: number;
}

/** Two devices changed the same field of the same row without knowing of each other. */
export interface SyncConflict {
	id: number;
	foundAt: string;
	/** The other device, by name. */
	deviceName: string;
	/** The row in words: "Valuation of “Flat in Lyon” on 2021-01-04". */
	row: string;
	/** The field in words: "Value", or "The whole row" for a deletion. */
	field: string;
	/** The value here and the other device's, in words (null: deleted). */
	here: string | null;
	there: string | null;
	winner: 'here' | 'there';
	/** The user chose the winner (or kept it): the conflict is settled and shown as such. */
	settled: boolean;
}

/** What one sync brought in. */
export interface SyncReport {
	at: string;
	/** Per device the changes came from: how many changes and conflicts. */
	from: { deviceId: string; name: string; changes: number; conflicts: number }[];
	/** Files that could not be used, and why in words; nothing of them was applied. */
	refused: { file: string; reason: string }[];
}

export interface SyncStatus {
	/** This database is part of a sync group. */
	enabled: boolean;
	deviceId: string | null;
	deviceName: string | null;
	groupId: string | null;
	paused: boolean;
	/** Changes made here not written to the folder yet. */
	pending: number;
	devices: SyncDevice[];
	/** Newest first, at most 50. */
	conflicts: SyncConflict[];
	lastReport: SyncReport | null;
}

/** A file of the sync folder, by its path in the folder ("sync/ab12cd/7.changeset"). */
export interface SyncFile {
	path: string;
	bytes: ArrayBuffer;
}

/** What joining from a snapshot (folder) or sync file would do: the data it holds. */
export interface SyncJoinPreview {
	groupId: string;
	/** The devices already in the group, by name. */
	devices: string[];
	summary: DatabaseSummary;
}

/** Every write a user can make: each runs in one transaction through the worker's one gate. */
export interface Writes {
	'assets/create': { args: { input: NewAssetInput }; result: { id: string } };
	'assets/update': { args: { id: string; input: AssetEditInput }; result: null };
	/** Records the sale (or end) of the whole asset. */
	'assets/dispose': { args: { id: string; input: DisposalInput }; result: null };
	'assets/delete': { args: { id: string }; result: null };
	'valuations/add': { args: { assetId: string; input: ValuationInput }; result: { id: string } };
	'valuations/update': { args: { id: string; input: ValuationInput }; result: null };
	'valuations/delete': { args: { id: string }; result: null };
	'transactions/add': { args: { input: TransactionInput }; result: { id: string } };
	'transactions/update': { args: { id: string; input: TransactionInput }; result: null };
	'transactions/delete': { args: { id: string }; result: null };
	/** Every total in this currency from now on (converted, never relabelled). */
	'settings/base-currency': { args: { currency: string }; result: null };
	/** One rate for a day, typed (replacing the one of that day and pair). */
	'rates/set': { args: { input: RateInput }; result: null };
	'rates/delete': { args: { day: string; base: string; quote: string }; result: null };
	/** Rates read from a file (rates-csv.ts), all or none; a rate of the same day and pair is replaced. */
	'rates/import': { args: { rates: ExchangeRate[]; file: string }; result: { count: number } };
	'categories/create': { args: { input: CategoryInput }; result: { id: string } };
	'categories/update': { args: { id: string; input: CategoryInput }; result: null };
	'categories/delete': { args: { id: string }; result: null };
	'tags/create': { args: { input: TagInput }; result: { id: string } };
	'tags/rename': { args: { id: string; input: TagInput }; result: null };
	'tags/delete': { args: { id: string }; result: null };
	'asset-types/create': { args: { input: AssetTypeInput }; result: { id: string } };
	'asset-types/update': { args: { id: string; input: AssetTypeInput }; result: null };
	'asset-types/delete': { args: { id: string }; result: null };
	/** Empties "My data" (never the demo), after keeping a restore point. */
	'db/erase': { args: { confirmation: string }; result: { restorePoint: RestorePoint } };
	/** Empties the demo database and fills it with the demo data again. */
	'demo/reset': { args: null; result: { restorePoint: RestorePoint } };
	/** Imports the inspected file, after keeping a restore point. */
	'backup/import': {
		args: { mode: ImportMode };
		result: ImportResult & { restorePoint: RestorePoint };
	};
	/** Imports the CSV file 'csv/read' keeps, as previewed with these choices; a restore point first. */
	'csv/import': { args: CsvChoices; result: CsvImportResult };
	/** Replaces the database with a restore point, after keeping one of the current state. */
	'restore-points/restore': { args: { id: string }; result: { restorePoint: RestorePoint } };
	/**
	 * Undoes a change of the history (undoing an undo redoes it). Refused, changing nothing, when
	 * a later change touched the same rows.
	 */
	'history/undo': { args: { id: number; at: string }; result: null };
	/**
	 * Applies other devices' changeset files (and sync files), in clock order, each in its own
	 * transaction with its derived rows and its own undo entry. Refused files change nothing.
	 */
	'sync/apply': { args: { files: SyncFile[] }; result: SyncReport };
	/**
	 * Replaces this database with a sync group's snapshot (the folder's snapshot.db, or a sync
	 * file), after keeping a restore point, and joins the group as this device.
	 */
	'sync/join': {
		args: { file: SyncFile; deviceName: string };
		result: { restorePoint: RestorePoint };
	};
	/** Makes the other value of a conflict the one kept (a new change, which syncs too). */
	'sync/resolve': { args: { id: number; winner: 'here' | 'there' }; result: null };
}

export type WriteName = keyof Writes;

/** Every other operation: reads, lifecycle, files. */
export interface Queries {
	/**
	 * Takes ownership (or reports another tab has it), opens and migrates one database. A new
	 * demo database is filled with the demo data as of `today`.
	 */
	'db/open': {
		args: { database: DatabaseName; takeOver: boolean; today: string };
		result: OpenResult;
	};
	'db/migrations': { args: null; result: { schemaVersion: number; migrations: MigrationStatus[] } };
	/** Applies the pending migrations to a throwaway copy and reports; writes nothing. */
	'db/dry-run': { args: null; result: DryRunReport };
	/** Undoes the last `count` migrations in one transaction, after keeping a restore point. */
	'db/rollback': {
		args: { count: number };
		result: { undone: MigrationRef[]; restorePoint: RestorePoint };
	};
	/** For a damaged file only: keeps its bytes as a restore point and starts an empty database. */
	'db/start-over': { args: null; result: { restorePoint: RestorePoint } };
	/** One read-only SQL statement (Kysely's connection); a statement that writes is refused. */
	'db/execute': { args: { sql: string; params: SqlParam[] }; result: ExecuteResult };
	'db/about': { args: null; result: AboutInfo };
	/** Bytes used by the open database and by its restore points. */
	/**
	 * Sizes: the database, its restore points, and the memory the database engine has taken
	 * (its WebAssembly memory, which only grows: the peak since the worker started).
	 */
	'db/storage': {
		args: null;
		result: { databaseBytes: number; restorePointBytes: number; engineMemoryBytes: number };
	};
	/** SQLite's integrity check of the open database: ['ok'], or what it found (at most 20). */
	'db/integrity': { args: null; result: { problems: string[] } };

	/** The whole database as a v1 JSON backup (UTF-8 bytes), read in one transaction. */
	'backup/export-json': { args: ExportArgs; result: { bytes: ArrayBuffer } };
	/** A consistent copy of the database file. */
	'backup/export-db': { args: ExportArgs; result: { bytes: ArrayBuffer } };
	/** The data as a database file in Strata 1.2's own schema, for the self-hosted original. */
	'backup/export-db-strata-1.2': { args: ExportArgs; result: { bytes: ArrayBuffer } };
	/** Checks a backup file completely and keeps it ready to import; writes nothing. */
	'backup/inspect': { args: FileArgs; result: ImportPreview };
	/** Forgets the inspected file. */
	'backup/discard': { args: null; result: null };
	/** What the open database holds, summed up as a backup's preview shows it. */
	'backup/summary': { args: { today: string }; result: DatabaseSummary };
	/** Loads a backup into a throwaway database and reports what it holds; writes nothing. */
	'backup/verify': {
		args: FileArgs;
		result: {
			kind: 'json' | 'db';
			origin: BackupOrigin;
			exportedAt: string | null;
			summary: DatabaseSummary;
		};
	};

	/**
	 * Reads a CSV file and keeps it until imported or discarded: its layout, first rows and a
	 * guessed mapping. With `assetId` every row is that asset's. Writes nothing.
	 */
	'csv/read': {
		args: { fileName: string; bytes: ArrayBuffer; assetId?: string };
		result: CsvLayout;
	};
	/** What importing the kept file with these choices would do; writes nothing. */
	'csv/preview': {
		args: { choices: CsvChoices; today: string; locale: string };
		result: CsvPreview;
	};
	/** Forgets the kept CSV file. */
	'csv/discard': { args: null; result: null };

	'restore-points/list': { args: null; result: RestorePoint[] };
	'restore-points/delete': { args: { id: string }; result: null };

	/** The newest entries of the change history, newest first. */
	'history/list': { args: { limit: number }; result: HistoryEntry[] };
	/** The entry Ctrl+Z (undo) or Ctrl+Shift+Z (redo) would undo now, if any. */
	'history/next': { args: { direction: 'undo' | 'redo' }; result: HistoryEntry | null };

	/** The sync state of the open database. */
	'sync/status': { args: null; result: SyncStatus };
	/** Starts a new sync group with this database as its first device. */
	'sync/setup': { args: { deviceName: string }; result: SyncStatus };
	'sync/rename': { args: { deviceName: string }; result: null };
	'sync/pause': { args: { paused: boolean }; result: null };
	/** Stops syncing on this device; the data stays as it is. */
	'sync/leave': { args: null; result: null };
	/**
	 * What to write into the folder now: this device's changes not written yet (one file each),
	 * its device.json, and (when `snapshot`) a new snapshot.db of the whole data.
	 */
	'sync/outgoing': {
		args: { snapshot: boolean };
		result: { files: SyncFile[]; upTo: number };
	};
	/** The files of `sync/outgoing` up to this number are in the folder now. */
	'sync/written': { args: { upTo: number }; result: null };
	/** Per device, the highest number of its changes applied here: read only the files after. */
	'sync/wanted': { args: null; result: { groupId: string; applied: Record<string, number> } };
	/**
	 * Which changeset files every known device has applied (from their device.json files): those
	 * may be deleted once a snapshot newer than them is written. Per device, the highest number.
	 */
	'sync/compactable': { args: { devices: SyncFile[] }; result: Record<string, number> };
	/** "Sync by file": every change this device knows, and a snapshot, as one file. */
	'sync/bundle': { args: null; result: { bytes: ArrayBuffer; fileName: string } };
	/** What joining from this snapshot or sync file would do; writes nothing. */
	'sync/join-preview': { args: { file: SyncFile }; result: SyncJoinPreview };
}

export type Operations = {
	[K in WriteName]: { args: Writes[K]['args']; result: WriteReply<Writes[K]['result']> };
} & Queries;

export type OperationName = keyof Operations;
export type Args<K extends OperationName> = Operations[K]['args'];
export type Result<K extends OperationName> = Operations[K]['result'];

export type Request = {
	[K in OperationName]: {
		kind: 'request';
		id: number;
		op: K;
		args: Args<K>;
		/** Sent with every write. */
		context?: WriteContext;
		/** The interface language the reply's messages are worded in (English if absent). */
		language?: string;
	};
}[OperationName];

/**
 * Stable error codes: the page decides what to show from the code, never from the text.
 * - validation: input that cannot be saved (`fields` says where)
 * - not-found: the row is gone (deleted meanwhile)
 * - conflict: an undo that later changes stand in the way of
 * - refused: the data's own rules forbid it (a type in use, the wrong database)
 * - quota: not enough storage space; nothing was changed
 * - moved: the database is open in another tab now
 * - unavailable: no database is open here, or only for exports (a failed migration)
 * - damaged: the database file cannot be read
 * - bad-file: a backup file that cannot be imported (`problems` lists why)
 * - busy: a change is still being saved
 * - needs-passphrase: the backup file is encrypted and no passphrase came with it (ask for one)
 * - wrong-passphrase: the passphrase given does not decrypt the backup file; nothing was changed
 * - internal: anything else (a bug): the message says what SQLite or the browser said
 */
export type ErrorCode =
	| 'validation'
	| 'not-found'
	| 'conflict'
	| 'refused'
	| 'quota'
	| 'moved'
	| 'unavailable'
	| 'damaged'
	| 'bad-file'
	| 'busy'
	| 'needs-passphrase'
	| 'wrong-passphrase'
	| 'internal';

export interface SerializedError {
	code: ErrorCode;
	message: string;
	/** For validation: the message of each field of the form. */
	fields?: Record<string, string>;
	/** Each problem found, for errors that list them (a bad backup), at most 20. */
	problems?: string[];
	/** Facts the page can offer an action on (e.g. the id of the valuation already on that day). */
	details?: Record<string, string>;
	/** Whether a transaction is still open on the connection after the failure. */
	inTransaction?: boolean;
}

export type Reply =
	| { kind: 'reply'; id: number; ok: true; result: unknown }
	| { kind: 'reply'; id: number; ok: false; error: SerializedError };

/** Things the worker tells the page without being asked. */
export type WorkerEvent =
	/** Another tab asked for the database and this one handed it over. */
	| { type: 'moved' }
	/** Progress of a long request (import, export, seeding). */
	| { type: 'progress'; id: number; phase: string; done: number; total: number };

export type FromWorker = Reply | { kind: 'event'; event: WorkerEvent };

/** Posted on this channel when a tab migrates a database, so older tabs know to reload. */
export const SCHEMA_CHANNEL = 'strata-schema';
export interface SchemaAnnouncement {
	database: DatabaseName;
	schemaVersion: number;
}

/** How a migration is named to people: "0001_initial_schema". */
export function migrationLabel(m: MigrationRef): string {
	return `${String(m.version).padStart(4, '0')}_${m.name}`;
}
