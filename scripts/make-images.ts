/**
 * Renders the app's icons (from static/icon.svg) and the manifest screenshots (the demo, on a
 * phone and on a desktop) with Chromium. Run it after changing the icon or the look:
 *   npm run build && npx tsx scripts/make-images.ts
 * It serves build/ itself; the images it writes are committed.
 */
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { chromiumLaunchOptions } from '../tests/e2e/browser';
import { serveBuild } from './static-server';

const root = new URL('../', import.meta.url).pathname;
const svg = readFileSync(`${root}static/icon.svg`, 'utf8');
const browser = await chromium.launch(chromiumLaunchOptions());

async function icon(file: string, size: number, maskable: boolean) {
	const page = await browser.newPage({ viewport: { width: size, height: size } });
	// A maskable icon is cropped to a circle of 80%: full-bleed colour, the mark inside the safe zone.
	const body = maskable
		? `<div style="width:100%;height:100%;background:#0f5c4d;display:grid;place-items:center">
         <div style="width:70%;height:70%">${svg.replace('rx="112"', 'rx="0"')}</div></div>`
		: svg;
	await page.setContent(
		`<html><body style="margin:0;background:transparent">${body}</body></html>`.replace(
			'<svg ',
			'<svg style="width:100%;height:100%;display:block" '
		)
	);
	await page.screenshot({ path: `${root}static/icons/${file}`, omitBackground: !maskable });
	await page.close();
}

await icon('icon-192.png', 192, false);
await icon('icon-512.png', 512, false);
await icon('maskable-512.png', 512, true);
await icon('apple-touch-icon.png', 180, true);

const server = await serveBuild(`${root}build`, 4199);
for (const [file, width, height] of [
	['dashboard-narrow.png', 390, 844],
	['dashboard-wide.png', 1280, 800]
] as const) {
	const context = await browser.newContext({
		viewport: { width, height },
		serviceWorkers: 'block'
	});
	const page = await context.newPage();
	await page.goto(`${server.url}/`);
	await page.getByRole('button', { name: 'Explore the demo' }).click();
	await page.getByTestId('net-worth').waitFor();
	await page.getByRole('img', { name: /Net worth over time/ }).waitFor();
	await page.screenshot({ path: `${root}static/screenshots/${file}` });
	await context.close();
}
await server.close();
await browser.close();
console.log('Icons and screenshots written to static/');
