// A kiosk profile's bundle in a real browser (Debian's Chromium via
// playwright-core), at 1920x1080: large text, axe-core clean on the chooser, a
// list, a step, the quiz and the summary (with screenshots), and the idle reset.
// Usage: node kiosk.test.js BASE_URL ARTIFACT_DIR LABEL IDLE_SECONDS
//   BASE_URL  http://127.0.0.1:PORT/ (hocso serve) of a bundle built with
//             `kiosk: {idle_seconds: IDLE_SECONDS}`
// Exits 1 with one line per failed check.
'use strict';
const path = require('path');
const { tally, openChromiumFor, expectSelfContained, runTest } = require('./harness');

const [base, artifacts, label, idleArg] = process.argv.slice(2);
const idle = Number(idleArg);
if (!base || !artifacts || !label || !(idle > 0)) {
  console.error('usage: node kiosk.test.js BASE_URL ARTIFACT_DIR LABEL IDLE_SECONDS');
  process.exit(2);
}
const t = tally();
const { check, equal } = t;
const { phoneBasics, axeClean } = require('./page-checks')(check);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('hocso-progress:')).length);

async function main() {
  const browser = await openChromiumFor(artifacts, { width: 1920, height: 1080 });
  const { page } = browser;
  try {
    // Each screen: text >= 24 px, no serious or critical axe-core violation, a screenshot.
    // (A key between the checks: they are slower than a short idle timeout.)
    // A click on a link does not wait for the next page's script: wait until it
    // has marked the page (a loaded machine checked the list before it had).
    const screen = async (name) => {
      await page.waitForFunction(() => document.documentElement.classList.contains('kiosk'), null, { timeout: 30000 });
      await phoneBasics(page, `kiosk ${name}`, 24);
      await page.keyboard.press('Shift');
      await axeClean(page, `kiosk ${name}`);
      await page.keyboard.press('Shift');
      await page.screenshot({ path: path.join(artifacts, `${label}-${name}-1920x1080.png`) });
    };

    await page.goto(base + 'index.html');
    equal(await page.evaluate(() => document.documentElement.classList.contains('kiosk')), true, 'the kiosk bundle marks its pages');
    await screen('chooser');
    await page.click('.languages a[lang="vi"]');
    await screen('list');
    await page.click('.lessons a[href="cai-dat-vneid.html"]');
    await page.click('button.next');
    await page.click('button.next');
    equal(await page.textContent('.progress'), `Bước 2/${await page.$$eval('li.step', (s) => s.length)}`, 'step 2 reached');
    await screen('step');
    await page.goto(base + 'vi/cai-dat-vneid.html#cau-1');
    const question = page.locator('.question[data-answer]').first();
    const answer = Number(await question.getAttribute('data-answer'));
    await question.locator('button.choice').nth(answer === 0 ? 1 : 0).click();
    equal(await question.locator('.feedback').textContent(), 'Chưa đúng. Hãy chọn lại.', 'a wrong answer said in words');
    await screen('quiz');
    const questions = await page.$$eval('.question', (q) => q.length);
    await page.goto(base + 'vi/cai-dat-vneid.html#cau-' + questions);
    await page.click('button.next');
    equal(await page.isVisible('.summary h2'), true, 'the summary after the last question');
    await screen('summary');

    // Large text on a kiosk of any size: the profile says it, not the screen width.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(base + 'vi/index.html');
    const size = await page.$eval('.lessons > li > a', (a) => parseFloat(getComputedStyle(a).fontSize));
    check(size >= 24, `kiosk text at 1280x800 is ${size} px, under 24`);
    await page.setViewportSize({ width: 1920, height: 1080 });

    // A Tai Dam page whose steps are still in Vietnamese: the header names Tai
    // Dam; each step screen has one note; the Vietnamese text is drawn with the
    // ordinary fonts (marked lang="vi"), not with the Tai Dam font's Latin letters.
    await page.goto(base + 'blt-Tavt-VN/cai-dat-vneid.html#buoc-1');
    equal(await page.textContent('nav .page-language'), 'Thái Đen (Tai Dam)', 'the Tai Dam page names its language');
    const fonts = await page.evaluate(() => {
      const shown = (list) => Array.from(list).filter((e) => e.offsetParent !== null);
      return { page: getComputedStyle(document.documentElement).fontFamily,
               vi: shown(document.querySelectorAll('li.step [lang="vi"], li.step[lang="vi"] p')).map((e) => getComputedStyle(e).fontFamily),
               notes: shown(document.querySelectorAll('.fallback-note')).map((e) => e.getAttribute('lang') + ': ' + e.textContent) };
    });
    check(!fonts.page.startsWith('"Noto Sans"'), `the Tai Dam page has its own font: ${fonts.page}`);
    check(fonts.vi.length > 0 && fonts.vi.every((f) => f.startsWith('"Noto Sans"')),
      `Vietnamese on the Tai Dam page in the ordinary fonts: ${fonts.vi.join(' | ')}`);
    equal(fonts.notes.join(' | '), 'vi: Phần này chưa được dịch; đang hiện bằng tiếng Việt.', 'one note on the step, marked as Vietnamese');
    await page.goto(base + 'blt-Tavt-VN/cai-dat-vneid.html');
    equal(await page.$$eval('.fallback-note', (l) => l.filter((e) => e.offsetParent !== null).length), 1, 'one note on the cover');
    // In a 360 px window its long name does not wrap the header onto a second
    // row (which would take a step's height): the way back and the language
    // share one row, shortened with "…" if need be (this bundle's text is a
    // kiosk's 26 px; a phone's is smaller).
    await page.setViewportSize({ width: 360, height: 640 });
    for (const where of ['blt-Tavt-VN/cai-dat-vneid.html#buoc-1', 'blt-Tavt-VN/index.html']) {
      await page.goto(base + where);
      const header = await page.evaluate(() => {
        const nav = document.querySelector('nav');
        const boxes = Array.from(nav.children).filter((e) => e.offsetParent !== null && e.getBoundingClientRect().width > 1)
          .map((e) => e.getBoundingClientRect());
        // One row: every item overlaps every other vertically.
        return { oneRow: Math.max(...boxes.map((b) => b.top)) < Math.min(...boxes.map((b) => b.bottom)),
                 height: nav.getBoundingClientRect().height };
      });
      check(header.oneRow, `${where} at 360x640: the header's items wrap onto two rows (${header.height} px high)`);
    }
    await page.setViewportSize({ width: 1920, height: 1080 });

    // Idle reset: a touch or a key keeps the lesson; after IDLE_SECONDS without
    // either the chooser comes back and the learner's progress is gone.
    await page.goto(base + 'vi/cai-dat-vneid.html#buoc-2');
    equal(await progress(page), 1, 'progress kept while learning');
    for (let waited = 0; waited < idle * 1500; waited += 500) {
      await sleep(500);
      if (waited % 1000 === 0) await page.keyboard.press('Shift');
    }
    check(/\/vi\/cai-dat-vneid\.html#buoc-2$/.test(page.url()), `keys kept the lesson open: ${page.url()}`);
    await page.mouse.click(5, 600);  // a touch somewhere (not a button)
    await sleep(idle * 500);
    check(/\/vi\/cai-dat-vneid\.html#buoc-2$/.test(page.url()), `a touch kept the lesson open: ${page.url()}`);
    await page.waitForURL(base + 'index.html', { timeout: idle * 1000 + 5000 }).catch(() => {});
    equal(page.url(), base + 'index.html', `after ${idle} s idle, back at the language chooser`);
    equal(await progress(page), 0, 'the learner\'s progress is forgotten');
    await page.goto(base + 'vi/index.html');
    equal(await page.$$eval('.lesson-done, button.restart', (l) => l.length), 0, 'the list shows no progress');
  } finally {
    await browser.close();
  }

  expectSelfContained(t, base, browser);
}

runTest(main, t, label);
