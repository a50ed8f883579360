// Every lesson of a built bundle, in every language, walked in Debian's
// Chromium at phone size (360x640): the cover, each step (its pictures load
// and have alt text, the page does not scroll, Next stays on screen), then the
// quiz, answered right (the right feedback shows). No script error anywhere.
// Usage: node walk-pack.test.js BASE_URL EXPECTED_JSON
//   BASE_URL       file:///.../ of an unzipped bundle (or http://.../ of hocso serve)
//   EXPECTED_JSON  [{"lang": "vi", "id": "...", "steps": N, "questions": N, "right": "Đúng rồi!"}, ...]
// Prints one line a lesson; exits 1 with one line per failed check.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [base, expectedFile] = process.argv.slice(2);
if (!base || !expectedFile) {
  console.error('usage: node walk-pack.test.js BASE_URL EXPECTED_JSON');
  process.exit(2);
}
const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8'));
const failures = [];
function check(ok, what) { if (!ok) failures.push(what); }

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hocso-walk-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 360, height: 640 },
  });
  const page = await context.newPage();
  let where = 'start';
  page.on('pageerror', (e) => failures.push(`${where}: script error: ${e}`));
  page.on('console', (m) => { if (m.type() === 'error') failures.push(`${where}: console error: ${m.text()}`); });
  try {
    for (const lesson of expected) {
      where = `${lesson.lang}/${lesson.id}`;
      await page.goto(`${base}${lesson.lang}/${lesson.id}.html`);
      // A lesson opens where the learner left it: start each walk from the cover.
      await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
      await page.reload();
      const steps = await page.$$eval('li.step', (s) => s.length);
      check(steps === lesson.steps, `${where}: ${steps} steps on the page, ${lesson.steps} in lesson.md`);
      let pictures = 0;
      for (let i = 1; i <= steps; i++) {
        const at = `${where} step ${i}`;
        await page.click('button.next');
        await page.waitForFunction(() => Array.from(document.images).filter((im) => im.offsetParent !== null)
          .every((im) => im.complete), null, { timeout: 5000 }).catch(() => {});
        const r = await page.evaluate(() => {
          const step = Array.from(document.querySelectorAll('li.step')).find((s) => s.offsetParent !== null);
          const next = document.querySelector('button.next').getBoundingClientRect();
          return {
            shown: !!step,
            images: step ? Array.from(step.querySelectorAll('img')).map((im) => ({ src: im.getAttribute('src'),
              width: im.naturalWidth, alt: (im.getAttribute('alt') || '').trim() })) : [],
            pageScrolls: document.scrollingElement.scrollHeight > innerHeight + 1,
            nextOnScreen: next.bottom <= innerHeight + 0.5 && next.top >= 0,
          };
        });
        check(r.shown, `${at}: no step shown`);
        for (const im of r.images) {
          check(im.width > 0, `${at}: picture ${im.src} did not load`);
          check(im.alt !== '', `${at}: picture ${im.src} has no alt text`);
        }
        pictures += r.images.length;
        check(!r.pageScrolls, `${at}: the page scrolls at 360x640`);
        check(r.nextOnScreen, `${at}: Next is off the screen`);
      }
      await page.click('button.next');
      const questions = page.locator('.quiz .question[data-answer]');
      const count = await questions.count();
      check(count === lesson.questions, `${where}: ${count} quiz questions, ${lesson.questions} in lesson.md`);
      for (let q = 0; q < count; q++) {
        const question = questions.nth(q);
        const answer = Number(await question.getAttribute('data-answer'));
        await question.locator('button.choice').nth(answer).click();
        const feedback = (await question.locator('.feedback').textContent()).trim();
        check(feedback === lesson.right, `${where} question ${q + 1}: feedback "${feedback}", expected "${lesson.right}"`);
      }
      console.log(`${where}: ${steps} steps, ${pictures} pictures, ${count} questions`);
    }
  } catch (e) {
    failures.push(`${where}: ${e.message.split('\n')[0]}`);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  for (const f of failures) console.log(`FAIL: ${f}`);
  process.exit(failures.length ? 1 : 0);
})();
