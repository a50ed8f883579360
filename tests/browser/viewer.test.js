// The offline viewer in a real browser: Debian's Chromium, driven by
// playwright-core. Usage: node viewer.test.js BASE_URL ARTIFACT_DIR LABEL
//   BASE_URL  http://127.0.0.1:PORT/ (hocso serve) or file:///.../ (unzipped bundle)
// Exits 1 with one line per failed check.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [base, artifacts, label] = process.argv.slice(2);
if (!base || !artifacts || !label) {
  console.error('usage: node viewer.test.js BASE_URL ARTIFACT_DIR LABEL');
  process.exit(2);
}
const failures = [];
let checks = 0;
function check(ok, what) {
  checks++;
  if (!ok) failures.push(what);
}
function equal(got, want, what) {
  check(got === want, `${what}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
}

// Every image on screen decoded (naturalWidth > 0), with alt text. Images are
// lazy-loaded, so those of hidden steps are checked when their step is shown.
async function imagesLoaded(page, where) {
  await page.waitForFunction(() => Array.from(document.images).filter((i) => i.offsetParent !== null).every((i) => i.complete),
    null, { timeout: 5000 }).catch(() => {});
  const images = await page.$$eval('img', (list) => list.filter((img) => img.offsetParent !== null)
    .map((img) => ({ src: img.getAttribute('src'), w: img.naturalWidth, alt: img.getAttribute('alt') })));
  for (const img of images) {
    check(img.w > 0, `${where}: image ${img.src} did not load`);
    check(typeof img.alt === 'string' && img.alt.trim() !== '', `${where}: image ${img.src} has no alt text`);
  }
  return images.length;
}

// Shows every step of the lesson on the page in turn: its images load, the basics hold.
async function walkLesson(page, where) {
  const total = await page.$$eval('li.step', (s) => s.length);
  let images = 0;
  for (let i = 1; i <= total; i++) {
    images += await imagesLoaded(page, `${where} step ${i}`);
    await phoneBasics(page, `${where} step ${i}`);
    if (i < total) await page.click('button.next');
  }
  return images;
}

// Lighthouse-style basics: text >= 16 px, tap targets >= 44 px, no horizontal scroll.
async function phoneBasics(page, where) {
  const r = await page.evaluate(() => {
    const small = [];
    const tiny = [];
    const visible = (el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    for (const el of document.querySelectorAll('body *')) {
      if (!visible(el)) continue;
      const hasText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
      if (hasText && parseFloat(getComputedStyle(el).fontSize) < 16) small.push(el.tagName + ': ' + el.textContent.trim().slice(0, 30));
    }
    for (const el of document.querySelectorAll('button, summary, nav a, .languages a, .lessons a, .requires a')) {
      if (!visible(el)) continue;
      const box = el.getBoundingClientRect();
      if (box.height < 44 || box.width < 44) tiny.push(el.tagName + ' ' + el.textContent.trim().slice(0, 30) + ' ' + Math.round(box.width) + 'x' + Math.round(box.height));
    }
    return { small, tiny, scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth };
  });
  check(r.small.length === 0, `${where}: text under 16 px: ${r.small.join(' | ')}`);
  check(r.tiny.length === 0, `${where}: tap targets under 44 px: ${r.tiny.join(' | ')}`);
  check(r.scroll <= r.width, `${where}: horizontal scroll (${r.scroll} > ${r.width})`);
}

// axe-core (from npm, injected into the page): no serious or critical violations.
// No preload: axe would fetch the stylesheets again, which file:// refuses.
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
async function axeClean(page, where) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { preload: false })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`));
  check(violations.length === 0, `${where}: axe-core: ${violations.join(' | ')}`);
}

async function shoot(page, name) {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await page.screenshot({ path: path.join(artifacts, `${label}-${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 360, height: 740 });
}

const visibleSteps = (page) => page.$$eval('li.step', (steps) => steps.filter((s) => s.offsetParent !== null).map((s) => s.id));

async function main() {
  fs.mkdirSync(artifacts, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hocso-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 360, height: 740 },
  });
  const requests = [];
  const errors = [];
  context.on('request', (req) => requests.push(req.url()));
  context.on('weberror', (e) => errors.push('page error: ' + e.error().message));
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });

    // The language chooser.
    await page.goto(base + 'index.html');
    equal(await page.getAttribute('html', 'lang'), 'vi', 'index lang');
    equal(await page.textContent('h2'), 'Chọn ngôn ngữ', 'chooser heading');
    const languages = await page.$$eval('.languages li', (list) => list.map((li) => li.textContent));
    equal(languages.join(' | '), 'Tiếng Việt 100% đã dịch | English 100% đã dịch', 'languages with coverage');
    await phoneBasics(page, 'index');
    await axeClean(page, 'index');
    await shoot(page, 'index');

    // Switch language: English, then back to Vietnamese.
    await page.click('.languages a[lang="en"]');
    equal(await page.getAttribute('html', 'lang'), 'en', 'English index lang');
    equal(await page.textContent('main h2'), 'Lessons', 'English lesson heading');
    await page.click('nav a');
    await page.click('.languages a[lang="vi"]');
    equal(await page.getAttribute('html', 'lang'), 'vi', 'Vietnamese index lang');

    // The lesson list: pack order, grouped by level, with prerequisites.
    const lessons = await page.$$eval('.lessons > li > a', (list) => list.map((a) => a.getAttribute('href')));
    equal(lessons.join(' '), 'cai-dat-vneid.html tai-khoan-muc-2.html nhan-biet-lua-dao.html', 'lessons in pack order');
    const levels = await page.$$eval('section.level h3', (list) => list.map((h) => h.textContent));
    check(levels.length >= 1 && levels[0] === 'Cơ bản', `level headings: ${levels}`);
    await phoneBasics(page, 'language index');
    await shoot(page, 'lessons');

    // Search, from the index in assets/search-index.js: without diacritics, in
    // capitals, đ typed as d, and in the pack's other language.
    const search = async (typed) => {
      await page.fill('#tim-bai', typed);
      return page.$$eval('.search-results a', (list) => list.map((a) => a.getAttribute('href')));
    };
    equal(await page.textContent('label[for="tim-bai"]'), 'Tìm bài', 'search label');
    for (const typed of ['kich hoat', 'KÍCH HOẠT', 'kích hoạt']) {
      const hits = await search(typed);
      equal(hits[0], 'cai-dat-vneid.html', `search "${typed}" finds the activation lesson first`);
      check(hits.includes('cai-dat-vneid.html#buoc-2'), `search "${typed}" finds the activation step: ${hits}`);
    }
    check((await search('dat mat khau')).includes('cai-dat-vneid.html#buoc-5'), 'search "dat mat khau" finds "Đặt mật khẩu"');
    check((await search('install activate')).includes('../en/cai-dat-vneid.html'), 'search finds the English title from the Vietnamese list');
    await search('kich hoat');
    await phoneBasics(page, 'search results');
    await axeClean(page, 'search results');
    await shoot(page, 'search');
    await page.click('.search-results a[href="cai-dat-vneid.html#buoc-2"]');
    equal(await page.textContent('.progress'), `Bước 2/${await page.$$eval('li.step', (s) => s.length)}`, 'a step result opens that step');
    await page.goBack();
    equal((await search('xyzzy')).length, 0, 'search for nothing finds nothing');
    equal(await page.textContent('.search-status'), 'Không tìm thấy bài nào.', 'no results said');
    await search('kich hoat');
    check(/^Tìm thấy: [1-9][0-9]*$/.test(await page.textContent('.search-status')), 'how many found said, filled in');
    await page.fill('#tim-bai', '');

    // A whole lesson, one step per screen.
    await page.click('.lessons a[href="cai-dat-vneid.html"]');
    const total = await page.$$eval('li.step', (s) => s.length);
    check(total >= 2, `lesson has ${total} steps`);
    equal(await page.textContent('.progress'), `Bước 1/${total}`, 'progress on the first step');
    equal(await page.isDisabled('button.previous'), true, 'no previous on the first step');
    equal((await visibleSteps(page)).join(), 'buoc-1', 'only step 1 shown');
    equal(await page.isVisible('.quiz'), false, 'quiz hidden before the last step');
    await imagesLoaded(page, 'lesson');
    await phoneBasics(page, 'lesson step 1');
    await axeClean(page, 'lesson step 1');
    await shoot(page, 'lesson-step-1');
    for (let i = 2; i <= total; i++) {
      await page.click('button.next');
      equal(await page.textContent('.progress'), `Bước ${i}/${total}`, `progress after next to ${i}`);
      equal((await visibleSteps(page)).join(), `buoc-${i}`, `only step ${i} shown`);
      equal(await page.evaluate(() => document.activeElement.tagName), 'H2', `focus on step ${i}'s heading`);
      await imagesLoaded(page, `lesson step ${i}`);
    }
    equal(await page.isDisabled('button.next'), true, 'no next on the last step');
    equal(await page.isVisible('.quiz'), true, 'quiz shown on the last step');
    await page.click('button.previous');
    equal(await page.textContent('.progress'), `Bước ${total - 1}/${total}`, 'previous');
    // Keyboard only: the arrow keys and Tab + Enter on the buttons.
    await page.keyboard.press('ArrowRight');
    equal(await page.textContent('.progress'), `Bước ${total}/${total}`, 'ArrowRight');
    await page.focus('button.previous');
    await page.keyboard.press('Enter');
    equal(await page.textContent('.progress'), `Bước ${total - 1}/${total}`, 'Enter on previous');
    await page.keyboard.press('ArrowRight');

    // The quiz: a wrong answer, then the right one, with feedback at once.
    const question = page.locator('.question[data-answer]').first();
    const answer = Number(await question.getAttribute('data-answer'));
    const choices = question.locator('button.choice');
    const wrong = answer === 0 ? 1 : 0;
    await choices.nth(wrong).click();
    equal(await question.locator('.feedback').textContent(), 'Chưa đúng. Hãy chọn lại.', 'wrong answer feedback');
    equal(await choices.nth(wrong).getAttribute('class'), 'choice wrong', 'wrong choice marked');
    await choices.nth(answer).click();
    equal(await question.locator('.feedback').textContent(), 'Đúng rồi!', 'right answer feedback');
    equal(await choices.nth(answer).getAttribute('class'), 'choice right', 'right choice marked');
    equal(await choices.nth(wrong).getAttribute('class'), 'choice', 'wrong mark cleared');
    await phoneBasics(page, 'lesson last step');
    await axeClean(page, 'lesson last step with the quiz and the QR code');
    await shoot(page, 'lesson-quiz');
    // The QR code of the lesson's share_url, within a 360 px screen.
    const qr = await page.$eval('.share svg.qr', (svg) => ({ label: svg.getAttribute('aria-label'), right: svg.getBoundingClientRect().right }));
    equal(qr.label, 'Mã QR mở bài này: https://hocso.example.org/co-ban/vi/cai-dat-vneid.html', 'QR code of the lesson');
    check(qr.right <= 360, `QR code wider than the phone: ${qr.right}`);

    // Every lesson page in both languages: images load, basics hold.
    let images = 0;
    for (const lang of ['vi', 'en'])
      for (const href of lessons) {
        await page.goto(base + lang + '/' + href);
        images += await walkLesson(page, `${lang}/${href}`);
      }
    check(images >= 20, `only ${images} images seen in all lessons`);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }

  const noScript = fs.mkdtempSync(path.join(os.tmpdir(), 'hocso-chromium-'));
  const quiet = await chromium.launchPersistentContext(noScript, {
    executablePath: '/usr/bin/chromium', headless: true, javaScriptEnabled: false,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 360, height: 740 },
  });
  quiet.on('request', (req) => requests.push(req.url()));
  try {
    const page = quiet.pages()[0] || (await quiet.newPage());
    await page.goto(base + 'vi/cai-dat-vneid.html');
    const steps = await page.$$eval('li.step', (s) => s.length);
    equal((await visibleSteps(page)).length, steps, 'without JavaScript every step is shown');
    check(await page.isVisible('.quiz details summary'), 'without JavaScript the answers are in <details>');
    equal(await page.$$eval('button', (b) => b.length), 0, 'without JavaScript no buttons');
    await page.goto(base + 'vi/index.html');
    equal(await page.$$eval('.search', (f) => f.length), 0, 'without JavaScript no search box');
    equal(await page.$$eval('.lessons > li', (l) => l.length), 3, 'without JavaScript the whole list');
    await phoneBasics(page, 'lesson without JavaScript');
  } finally {
    await quiet.close();
    fs.rmSync(noScript, { recursive: true, force: true });
  }

  // Nothing left the server or the bundle folder.
  const origin = base.startsWith('file:') ? base : new URL(base).origin + '/';
  const outside = requests.filter((u) => !u.startsWith(origin));
  check(outside.length === 0, `requests outside ${origin}: ${outside.join(' ')}`);
  check(requests.length > 10, `only ${requests.length} requests seen`);
  check(errors.length === 0, `console errors: ${errors.join(' | ')}`);

  for (const f of failures) console.error(`FAIL (${label}): ${f}`);
  console.log(`${label}: ${checks - failures.length} passed, ${failures.length} failed`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(`FAIL (${label}): ${e.stack || e}`);
  process.exit(1);
});
