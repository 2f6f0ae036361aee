/** Hands bytes to the browser as a download with the given file name. */
export function download(bytes: ArrayBuffer, fileName: string, type: string): void {
	const url = URL.createObjectURL(new Blob([bytes], { type }));
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	link.style.display = 'none';
	document.body.append(link);
	link.click();
	link.remove();
	// Revoke once the browser has started the download.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
