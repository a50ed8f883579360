// Every lesson of a built bundle, walked the way a learner walks it: in
// Debian's Chromium (playwright-core) at one window size (a phone's 360x640
// unless told; a tablet's 1280x800, a kiosk's 1920x1080), in each language given,
// from the cover through every step to the quiz (each question answered right)
// and the summary. viewer.test.js tests the viewer's features on a few lessons;
// this one tests that the whole pack's content works in it.
// Usage: node pack-walk.test.js BASE_URL ARTIFACT_DIR LESSON_IDS LANGS [SIZE [MIN_TEXT]]
//   BASE_URL    http://127.0.0.1:PORT/ (hocso serve) or file:///.../ (unzipped bundle)
//   LESSON_IDS  the pack's lessons, comma-separated, in the pack's order
//   LANGS       the languages to walk, comma-separated (vi,en)
//   SIZE        the window, WIDTHxHEIGHT (360x640)
//   MIN_TEXT    the smallest text allowed on every screen, in CSS px (16; a kiosk's 24)
// Exits 1 with one line per failed check.
'use strict';
const path = require('path');
const { tally, openChromiumFor, expectSelfContained, runTest } = require('./harness');

const [base, artifacts, idList, langList, sizeArg = '360x640', minTextArg = '16'] = process.argv.slice(2);
const [width, height] = sizeArg.split('x').map(Number);
const minText = Number(minTextArg);
if (!base || !artifacts || !idList || !langList || !(width > 0 && height > 0) || !(minText > 0)) {
  console.error('usage: node pack-walk.test.js BASE_URL ARTIFACT_DIR LESSON_IDS LANGS [WIDTHxHEIGHT [MIN_TEXT]]');
  process.exit(2);
}
const ids = idList.split(',');
const langs = langList.split(',');
// The viewer's words for "Step" and a right answer, per language (ui.po).
const words = {
  vi: { step: 'Bước', right: 'Đúng rồi!', done: (t) => `Bác đã học xong bài ${t}.` },
  en: { step: 'Step', right: 'Right!', done: (t) => `You have finished the lesson ${t}.` },
};
const t = tally();
const { check, equal } = t;
const { phoneBasics } = require('./page-checks')(check);

// The step on screen: its pictures decoded and described, its heading, text and
// Next inside the window, its text not cut off and not under MIN_TEXT px, tap
// targets of 44 px, nothing wider than the window.
async function stepOnScreen(page, where) {
  await page.waitForFunction(() => Array.from(document.images).filter((i) => i.offsetParent !== null).every((i) => i.complete),
    null, { timeout: 5000 }).catch(() => {});
  const r = await page.evaluate(() => {
    const inside = (box) => box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight + 0.5 && box.right <= innerWidth + 0.5 &&
      box.width > 0 && box.height > 0;
    const step = Array.from(document.querySelectorAll('li.step')).find((s) => s.offsetParent !== null);
    if (!step) return null;
    const text = step.querySelector('.step-text');
    return {
      id: step.id,
      images: Array.from(step.querySelectorAll('img')).map((img) => ({
        src: img.getAttribute('src'), w: img.naturalWidth, alt: (img.getAttribute('alt') || '').trim(),
        inside: inside(img.getBoundingClientRect()) })),
      heading: inside(step.querySelector('h2').getBoundingClientRect()),
      next: inside(document.querySelector('button.next').getBoundingClientRect()),
      clipped: text ? text.scrollHeight > text.clientHeight + 1 : false,
      wide: document.documentElement.scrollWidth > document.documentElement.clientWidth,
      // The bottom bar: Previous and Next each on one line of text, and the
      // screen's listen button (shown in the bar) inside it, covering neither.
      bar: (() => {
        const bar = document.querySelector('.step-nav').getBoundingClientRect();
        const lines = (el) => new Set(Array.from((() => { const r = document.createRange(); r.selectNodeContents(el); return r; })()
          .getClientRects()).map((b) => Math.round(b.top))).size;
        const listen = step.querySelector('button.listen');
        const box = (el) => el.getBoundingClientRect();
        const apart = (a, b) => a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
        const previous = document.querySelector('button.previous'), next = document.querySelector('button.next');
        return {
          previousLines: lines(previous), nextLines: lines(next),
          listen: !listen ? null : {
            inBar: box(listen).top >= bar.top - 0.5 && box(listen).bottom <= bar.bottom + 0.5,
            apart: apart(box(listen), box(previous)) && apart(box(listen), box(next)),
          },
        };
      })(),
    };
  });
  if (!r) return check(false, `${where}: no step shown`), 0;
  for (const img of r.images) {
    check(img.w > 0, `${where}: picture ${img.src} did not load`);
    check(img.alt !== '', `${where}: picture ${img.src} has no alt text`);
    check(img.inside, `${where}: picture ${img.src} not inside the window`);
  }
  check(r.heading, `${where}: the heading is not inside the window`);
  check(r.next, `${where}: Next is not inside the window`);
  check(!r.clipped, `${where}: the step's text does not fit the screen`);
  check(!r.wide, `${where}: the page is wider than the window`);
  check(r.bar.previousLines === 1 && r.bar.nextLines === 1,
    `${where}: Previous/Next wrap (${r.bar.previousLines} and ${r.bar.nextLines} lines)`);
  if (r.bar.listen) {
    check(r.bar.listen.inBar, `${where}: the listen button is not inside the bottom bar`);
    check(r.bar.listen.apart, `${where}: the listen button covers Previous or Next`);
  }
  await phoneBasics(page, where, minText);
  return r.images.length;
}

async function walk(page, lang, id) {
  const w = words[lang];
  const where = `${lang}/${id} at ${sizeArg}`;
  await page.evaluate(() => localStorage.clear());  // else a lesson opens where it was left
  await page.goto(`${base}${lang}/${id}.html`);
  const title = (await page.textContent('h1')).trim();
  check(title !== '', `${where}: no title on the cover`);
  check(await page.isVisible('.objectives'), `${where}: the cover shows no objectives`);
  const total = await page.$$eval('li.step', (s) => s.length);
  check(total >= 4 && total <= 8, `${where}: ${total} steps, expected 4 to 8`);
  let pictures = 0;
  for (let i = 1; i <= total; i++) {
    await page.click('button.next');
    equal(await page.textContent('.progress'), `${w.step} ${i}/${total}`, `${where} step ${i}: progress`);
    pictures += await stepOnScreen(page, `${where} step ${i}`);
  }
  await page.click('button.next');
  check(await page.isVisible('.quiz'), `${where}: no quiz after the last step`);
  const questions = page.locator('.question[data-answer]');
  const count = await questions.count();
  check(count >= 2 && count <= 4, `${where}: ${count} quiz questions, expected 2 to 4`);
  for (let q = 0; q < count; q++) {
    const question = questions.nth(q);
    const answer = Number(await question.getAttribute('data-answer'));
    const choices = question.locator('button.choice');
    const n = await choices.count();
    if (!(answer >= 0 && answer < n)) {
      check(false, `${where} question ${q + 1}: answer ${answer} is not one of its ${n} choices`);
      continue;
    }
    // One question a screen: this one is shown, then Next leads on (after
    // the last, to the summary).
    check(await question.isVisible(), `${where} question ${q + 1}: not on screen`);
    await phoneBasics(page, `${where} question ${q + 1}`, minText);
    await choices.nth(answer).click();
    equal(await question.locator('.feedback').textContent(), w.right, `${where} question ${q + 1}: the right answer`);
    await page.click('button.next');
  }
  equal(await page.textContent('.summary h2'), w.done(title), `${where}: the summary`);
  await phoneBasics(page, `${where} summary`, minText);
  return { steps: total, questions: count, pictures };
}

async function main() {
  const started = Date.now();
  const browser = await openChromiumFor(artifacts, { width, height });
  const { page } = browser;
  const totals = { lessons: 0, steps: 0, questions: 0, pictures: 0 };
  try {
    for (const lang of langs) {
      // The list shows every lesson of the pack, in the pack's order.
      await page.goto(`${base}${lang}/index.html`);
      const listed = await page.$$eval('.lessons > li > a', (list) => list.map((a) => a.getAttribute('href')));
      equal(listed.join(' '), ids.map((id) => `${id}.html`).join(' '), `${lang}: the lesson list`);
      for (const id of ids) {
        const r = await walk(page, lang, id);
        totals.lessons++;
        totals.steps += r.steps;
        totals.questions += r.questions;
        totals.pictures += r.pictures;
      }
      await page.goto(`${base}${lang}/${ids[ids.length - 1]}.html#buoc-1`);
      await page.screenshot({ path: path.join(artifacts, `pack-walk-${lang}-last-lesson-${sizeArg}.png`) });
    }
  } finally {
    await browser.close();
  }
  expectSelfContained(t, base, browser);
  equal(totals.lessons, ids.length * langs.length, 'lessons walked');
  return { totals, seconds: (Date.now() - started) / 1000 };
}

runTest(main, t, null, (passed, failed, { totals, seconds }) =>
  `walked ${totals.lessons} lessons (${langs.join(', ')}) at ${sizeArg}: ${totals.steps} steps, ${totals.pictures} pictures, ` +
  `${totals.questions} quiz questions in ${seconds.toFixed(1)} s; ${passed} passed, ${failed} failed`);
