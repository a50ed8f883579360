// build-tools/bench preview's browser side (a benchmark, not a test): with
// hocso preview running on a corpus, opens a lesson at its second step in
// Chromium (playwright-core), then RUNS times edits one sentence of that step
// in lesson.md and measures from just before the file is written to the
// reloaded page showing the new sentence. Prints one line per run and
// "min/median/max" in milliseconds.
// Usage: node bench-preview.js BASE_URL LESSON_DIR RUNS
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [base, lessonDir, runsText] = process.argv.slice(2);
const runs = parseInt(runsText || '3', 10);
const id = path.basename(lessonDir);
const file = path.join(lessonDir, 'lesson.md');

// The step's first paragraph with a marker of the run at its end.
function edited(text, run) {
  const step = text.indexOf('\n## Bước 2');
  if (step < 0) throw new Error(`${file} has no "## Bước 2"`);
  const paragraph = text.indexOf('\n\n', step + 1) + 2;
  const end = text.indexOf('\n', paragraph);
  return { text: text.slice(0, end) + ` Lần sửa ${run}.` + text.slice(end), marker: `Lần sửa ${run}.` };
}

async function main() {
  const original = fs.readFileSync(file, 'utf8');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hocso-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
  });
  const times = [];
  const reloads = [];
  try {
    const page = context.pages()[0] || (await context.newPage());
    await page.goto(`${base}vi/${id}.html#buoc-2`);
    await page.waitForTimeout(1000);
    for (let run = 1; run <= runs; run++) {
      const change = edited(original, run);
      await page.evaluate(() => { window.hocsoBenchMark = 1; });
      const started = process.hrtime.bigint();
      fs.writeFileSync(file, change.text);
      await page.waitForFunction((marker) => {
        if (window.hocsoBenchMark !== undefined) return false;
        const step = Array.from(document.querySelectorAll('li.step')).find((s) => s.offsetParent !== null);
        return step && step.textContent.includes(marker);
      }, change.marker, { timeout: 30000, polling: 'raf' });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      times.push(ms);
      console.log(`run ${run}: edit saved -> page reloaded showing it: ${ms.toFixed(0)} ms`);
      await page.waitForTimeout(1000);
    }
    for (let run = 1; run <= runs; run++) {
      await page.evaluate(() => { window.hocsoBenchMark = 1; });
      const started = process.hrtime.bigint();
      await page.evaluate(() => location.reload());
      await page.waitForFunction(() => {
        if (window.hocsoBenchMark !== undefined) return false;
        const step = Array.from(document.querySelectorAll('li.step')).find((s) => s.offsetParent !== null);
        return step && step.textContent.length > 0;
      }, null, { timeout: 30000, polling: 'raf' });
      reloads.push(Number(process.hrtime.bigint() - started) / 1e6);
      await page.waitForTimeout(500);
    }
  } finally {
    fs.writeFileSync(file, original);
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const mmm = (list) => {
    list.sort((a, b) => a - b);
    return `${list[0].toFixed(0)}/${list[Math.floor((list.length - 1) / 2)].toFixed(0)}/${list[list.length - 1].toFixed(0)} ms`;
  };
  console.log(`edit saved -> page reloaded, min/median/max: ${mmm(times)}`);
  console.log(`the page reloaded without an edit (the browser alone), min/median/max: ${mmm(reloads)}`);
}

main().catch((e) => {
  console.error(e && e.stack || e);
  process.exit(1);
});
