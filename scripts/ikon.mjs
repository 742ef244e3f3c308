// Rasterises public/icons/*.svg into the PNG icons of the manifest with the installed Chromium.
// Run once after changing the logo: `node scripts/ikon.mjs` (the PNGs are committed).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const keluaran = [
  ['public/icons/icon.svg', 'public/icons/icon-192.png', 192],
  ['public/icons/icon.svg', 'public/icons/icon-512.png', 512],
  ['public/icons/maskable.svg', 'public/icons/maskable-512.png', 512],
  ['public/icons/icon.svg', 'public/icons/apple-touch-icon.png', 180],
];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
for (const [svg, png, ukuran] of keluaran) {
  const page = await browser.newPage({ viewport: { width: ukuran, height: ukuran } });
  const isi = readFileSync(svg, 'utf8').replace('<svg ', `<svg width="${ukuran}" height="${ukuran}" `);
  await page.setContent(`<html><body style="margin:0;background:transparent">${isi}</body></html>`);
  await page.screenshot({ path: png, omitBackground: true, clip: { x: 0, y: 0, width: ukuran, height: ukuran } });
  await page.close();
  console.log(png);
}
await browser.close();
