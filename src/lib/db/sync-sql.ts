/**
 * The synchronous SQL surface that bulk work uses inside the database worker (and Node tests):
 * the worker's Engine provides it, and code written against it runs next to the data. Bulk code speaks plain SQL with positional parameters and
 * sends whole data sets as one JSON text (json_each), never one statement per row.
 */
export interface SyncSql {
	run(sql: string, params?: readonly unknown[]): number;
	all<T>(sql: string, params?: readonly unknown[]): T[];
	transaction<T>(work: () => T): T;
}
