import { describe, expect, it } from 'vitest';
import { folderProblem } from './folder';

describe('a failure to write into the backup folder', () => {
	it('is told by the DOMException’s name, with what to do', () => {
		const of = (name: string) =>
			folderProblem(new DOMException('whatever the browser says', name), 'Backups');
		expect(of('NotFoundError')).toEqual({
			code: 'gone',
			message:
				'The folder “Backups” is no longer there: it was deleted, renamed or moved. Choose it (or another folder) again.'
		});
		expect(of('NotAllowedError').code).toBe('permission');
		expect(of('SecurityError').message).toBe(
			'Strata is not allowed to write to “Backups”. Allow access again, or choose another folder.'
		);
		expect(of('QuotaExceededError')).toEqual({
			code: 'full',
			message:
				'The disk that holds “Backups” is full, so no backup was written. Free some space there, then press Back up now.'
		});
		expect(of('NoModificationAllowedError').code).toBe('busy');
		expect(of('InvalidStateError').code).toBe('busy');
	});

	it('of another kind still says what happened and that Strata tries again', () => {
		expect(folderProblem(new TypeError('Failed to fetch'), 'Backups')).toEqual({
			code: 'failed',
			message:
				'A backup could not be written to “Backups” (Failed to fetch). Strata tries again in a few minutes, or press Back up now.'
		});
		expect(folderProblem(null, 'Backups').code).toBe('failed');
	});
});
