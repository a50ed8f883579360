// The offline viewer in a real browser: Debian's Chromium, driven by
// playwright-core. Usage: node viewer.test.js BASE_URL ARTIFACT_DIR LABEL
//   BASE_URL  http://127.0.0.1:PORT/ (hocso serve) or file:///.../ (unzipped bundle)
// Exits 1 with one line per failed check.
'use strict';
const path = require('path');
const { tally, openChromium, openChromiumFor, expectSelfContained, runTest } = require('./harness');

const [base, artifacts, label] = process.argv.slice(2);
if (!base || !artifacts || !label) {
  console.error('usage: node viewer.test.js BASE_URL ARTIFACT_DIR LABEL');
  process.exit(2);
}
const t = tally();
const { check, equal } = t;

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

// Shows every step of the lesson on the page in turn (from its cover): its
// images load, the basics hold.
async function walkLesson(page, where) {
  const total = await page.$$eval('li.step', (s) => s.length);
  let images = 0;
  for (let i = 1; i <= total; i++) {
    await page.click('button.next');
    images += await imagesLoaded(page, `${where} step ${i}`);
    await phoneBasics(page, `${where} step ${i}`);
  }
  return images;
}

// One step, one screen: at this viewport the step's heading, its picture(s)
// and Next lie inside the window, nothing scrolls, text is at least `minText` px.
async function oneScreen(page, where, minText) {
  const r = await page.evaluate(() => {
    const inside = (box) => box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight + 0.5 && box.right <= innerWidth + 0.5 &&
      box.width > 0 && box.height > 0;
    const step = Array.from(document.querySelectorAll('li.step')).find((s) => s.offsetParent !== null);
    const next = document.querySelector('button.next').getBoundingClientRect();
    const heading = step.querySelector('h2').getBoundingClientRect();
    const pictures = Array.from(step.querySelectorAll('img')).map((img) => img.getBoundingClientRect());
    // Text that would need scrolling inside the step's words.
    const text = step.querySelector('.step-text');
    return { next: inside(next), heading: inside(heading), nextHeight: next.height,
             pictures: pictures.map((b) => inside(b) && b.height >= 80), pictureCount: pictures.length,
             textClipped: text ? text.scrollHeight > text.clientHeight + 1 : false,
             scrollY: window.scrollY, tall: document.documentElement.scrollHeight, height: innerHeight };
  });
  check(r.next && r.nextHeight >= 48, `${where}: Next not inside the window or under 48 px`);
  check(r.heading, `${where}: the step's heading is not inside the window`);
  check(r.pictures.every((ok) => ok), `${where}: a picture is not inside the window or under 80 px high`);
  check(!r.textClipped, `${where}: the step's text does not fit`);
  check(r.scrollY === 0 && r.tall <= r.height, `${where}: the page scrolls (${r.tall} px in ${r.height})`);
  await phoneBasics(page, where, minText);
  return r.pictureCount;
}

const { phoneBasics, axeClean } = require('./page-checks')(check);

async function shoot(page, name) {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await page.screenshot({ path: path.join(artifacts, `${label}-${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 360, height: 740 });
}

const visibleSteps = (page) => page.$$eval('li.step', (steps) => steps.filter((s) => s.offsetParent !== null).map((s) => s.id));

async function main() {
  const browser = await openChromiumFor(artifacts, { width: 360, height: 740 });
  const { page } = browser;
  try {

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

    // The search result opened step 2: that is kept on the device, and the
    // list offers to start again from the beginning.
    equal(await page.textContent('button.restart'), 'Học lại từ đầu', 'restart offered once a lesson is begun');
    await page.click('button.restart');
    equal(await page.$$eval('button.restart', (b) => b.length), 0, 'restart gone once used');

    // A whole lesson, one screen at a time: its cover (title, objectives,
    // intro), each step, then the quiz and the summary.
    await page.click('.lessons a[href="cai-dat-vneid.html"]');
    const total = await page.$$eval('li.step', (s) => s.length);
    check(total >= 2, `lesson has ${total} steps`);
    equal(await page.isVisible('h1'), true, 'the cover shows the title');
    equal(await page.isVisible('.objectives'), true, 'the cover shows the objectives');
    equal((await visibleSteps(page)).length, 0, 'no step on the cover');
    equal(await page.isDisabled('button.previous'), true, 'no previous on the cover');
    await page.click('button.next');
    equal(await page.textContent('.progress'), `Bước 1/${total}`, 'progress on the first step');
    equal(await page.isVisible('h1'), false, 'the cover is gone on step 1');
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
    equal(await page.isVisible('.quiz'), false, 'quiz not yet on the last step');
    await page.click('button.previous');
    equal(await page.textContent('.progress'), `Bước ${total - 1}/${total}`, 'previous');
    // Keyboard only: the arrow keys, Enter (a kiosk keyboard) and Tab + Enter on the buttons.
    await page.keyboard.press('ArrowRight');
    equal(await page.textContent('.progress'), `Bước ${total}/${total}`, 'ArrowRight');
    await page.keyboard.press('ArrowLeft');
    equal(await page.textContent('.progress'), `Bước ${total - 1}/${total}`, 'ArrowLeft');
    await page.keyboard.press('Enter');
    equal(await page.textContent('.progress'), `Bước ${total}/${total}`, 'Enter on the step goes on');
    await page.focus('button.previous');
    await page.keyboard.press('Enter');
    equal(await page.textContent('.progress'), `Bước ${total - 1}/${total}`, 'Enter on previous');
    // Swipe left and right (touch events, as a phone sends them).
    const swipe = async (fromX, toX) => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: fromX, y: 300 }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: (fromX + toX) / 2, y: 305 }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: toX, y: 310 }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await cdp.detach();
    };
    await swipe(300, 60);
    equal(await page.textContent('.progress'), `Bước ${total}/${total}`, 'swipe left goes to the next step');
    await swipe(60, 300);
    equal(await page.textContent('.progress'), `Bước ${total - 1}/${total}`, 'swipe right goes back');
    // A picture tapped fills the screen; Escape (or a tap) closes it.
    await page.click('li.step:visible img');
    equal(await page.isVisible('.enlarged img'), true, 'a tapped picture is enlarged');
    const big = await page.$eval('.enlarged img', (img) => img.getBoundingClientRect().width);
    check(big >= 340, `the enlarged picture fills the width: ${big}`);
    await axeClean(page, 'an enlarged picture');
    await page.keyboard.press('ArrowRight');
    equal(await page.textContent('.progress'), `Bước ${total - 1}/${total}`, 'no step change behind an enlarged picture');
    await page.keyboard.press('Escape');
    equal(await page.$$eval('.enlarged', (e) => e.length), 0, 'Escape closes the enlarged picture');
    await page.click('li.step:visible img');
    await page.click('.enlarged');
    equal(await page.$$eval('.enlarged', (e) => e.length), 0, 'a tap closes the enlarged picture');
    await page.keyboard.press('ArrowRight');
    equal(await page.isDisabled('button.next'), false, 'next on the last step leads to the quiz');
    await page.click('button.next');
    equal(await page.isVisible('.quiz'), true, 'the quiz after the last step');
    equal((await visibleSteps(page)).length, 0, 'no step with the quiz');
    // One question a screen, its number out of how many.
    const questionCount = await page.$$eval('.question', (q) => q.length);
    check(questionCount >= 2, `the lesson has ${questionCount} questions`);
    const visibleQuestions = () => page.$$eval('.question', (list) => list.filter((q) => q.offsetParent !== null).map((q) => q.id));
    equal((await visibleQuestions()).join(), 'cau-1', 'only the first question on the quiz\'s first screen');
    equal(await page.textContent('.progress'), `Câu hỏi ôn tập 1/${questionCount}`, 'progress on the first question');
    equal(await page.evaluate(() => document.activeElement.closest('.question') && document.activeElement.closest('.question').id), 'cau-1',
      'focus on the first question');
    // The step reached survives a reload.
    await page.reload();
    equal((await visibleQuestions()).join(), 'cau-1', 'a reload comes back to the first question');

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
    await phoneBasics(page, 'the first question');
    await axeClean(page, 'the first question');
    await shoot(page, 'lesson-quiz');
    // Next: the following questions, one at a time, then the summary.
    for (let q = 2; q <= questionCount; q++) {
      await page.click('button.next');
      equal((await visibleQuestions()).join(), `cau-${q}`, `only question ${q} shown`);
      equal(await page.textContent('.progress'), `Câu hỏi ôn tập ${q}/${questionCount}`, `progress on question ${q}`);
      equal(await page.isVisible('.quiz > h2'), true, `the quiz heading above question ${q}`);
    }
    await page.goto(base + 'vi/cai-dat-vneid.html#cau-2');
    equal((await visibleQuestions()).join(), 'cau-2', '#cau-2 opens the second question');
    // The header says the page's language by its native name; the switcher
    // opens the same lesson at the same step (or question) in the other language.
    await page.goto(base + 'vi/cai-dat-vneid.html#buoc-3');
    const header = () => page.$eval('nav .page-language', (el) => ({ text: el.textContent, lang: el.closest('[lang]').getAttribute('lang'),
      inside: el.getBoundingClientRect().right <= innerWidth && el.getBoundingClientRect().bottom > 0 }));
    equal(JSON.stringify(await header()), JSON.stringify({ text: 'Tiếng Việt', lang: 'vi', inside: true }), 'the lesson page says it is in Vietnamese');
    await axeClean(page, 'a step with the language switcher closed');
    await page.click('nav .switch-language summary');
    equal(await page.getAttribute('nav .switch-language a', 'lang'), 'en', 'the switcher offers English');
    await phoneBasics(page, 'the language switcher open');
    await axeClean(page, 'the language switcher open');
    await page.click('nav .switch-language a[hreflang="en"]');
    await page.waitForURL(/\/en\/cai-dat-vneid\.html#buoc-3$/);
    equal(JSON.stringify(await header()), JSON.stringify({ text: 'English', lang: 'en', inside: true }), 'the English page says it is in English');
    equal((await visibleSteps(page)).join(), 'buoc-3', 'the switcher keeps the step');
    await page.goto(base + 'en/cai-dat-vneid.html#cau-2');
    await page.click('nav .switch-language summary');
    await page.click('nav .switch-language a[hreflang="vi"]');
    await page.waitForURL(/\/vi\/cai-dat-vneid\.html#cau-2$/);
    equal((await visibleQuestions()).join(), 'cau-2', 'the switcher keeps the quiz question');
    await page.goto(base + 'vi/index.html');
    equal(JSON.stringify(await header()), JSON.stringify({ text: 'Tiếng Việt', lang: 'vi', inside: true }), 'the list says it is in Vietnamese');
    equal(await page.getAttribute('nav .switch-language a', 'href'), '../en/index.html', 'the list switches to the English list');
    await page.goto(base + 'vi/cai-dat-vneid.html#cau-' + questionCount);
    await page.goto(base + 'vi/cai-dat-vneid.html');

    // The summary after the quiz: done, the next lesson (its requires met), the list.
    await page.click('button.next');
    equal((await visibleQuestions()).length, 0, 'no question with the summary');
    equal(await page.textContent('.summary h2'), 'Bác đã học xong bài Cài đặt và kích hoạt VNeID.', 'the summary says the lesson is done');
    // The QR code of the lesson's share_url, within a 360 px screen.
    const qr = await page.$eval('.share svg.qr', (svg) => ({ label: svg.getAttribute('aria-label'), right: svg.getBoundingClientRect().right }));
    equal(qr.label, 'Mã QR mở bài này: https://hocso.example.org/co-ban/vi/cai-dat-vneid.html', 'QR code of the lesson');
    check(qr.right <= 360, `QR code wider than the phone: ${qr.right}`);
    equal(await page.getAttribute('.next-lesson a', 'href'), 'tai-khoan-muc-2.html', 'the summary offers the next lesson');
    equal(await page.isDisabled('button.next'), true, 'no next after the summary');
    await phoneBasics(page, 'the summary');
    await axeClean(page, 'the summary');
    await shoot(page, 'lesson-summary');
    // The list ticks the finished lesson, after a reload too; "Học lại từ đầu" forgets it.
    await page.goto(base + 'vi/index.html');
    await page.reload();
    const ticked = () => page.$$eval('.lessons > li', (list) => list.filter((li) => li.querySelector('.lesson-done')).map((li) => li.querySelector('a').getAttribute('href')));
    equal((await ticked()).join(), 'cai-dat-vneid.html', 'the finished lesson is ticked on the list');
    equal(await page.textContent('.lessons .lesson-done'), 'Đã học xong', 'the tick says so');
    await axeClean(page, 'the list with a tick');
    await page.click('button.restart');
    equal((await ticked()).length, 0, 'restart clears the ticks');
    await page.reload();
    equal((await ticked()).length, 0, 'restart cleared the device');
    await page.goto(base + 'vi/cai-dat-vneid.html');
    equal(await page.isVisible('h1'), true, 'after restart a lesson opens on its cover');

    // One step, one screen, at a phone, a tablet and a kiosk, for every step of
    // every lesson in both languages; screenshots of a step at each size.
    let pictures = 0;
    for (const [width, height] of [[360, 640], [1280, 800], [1920, 1080]]) {
      await page.setViewportSize({ width, height });
      const minText = width >= 1600 ? 24 : 16;
      for (const lang of ['vi', 'en'])
        for (const href of lessons) {
          await page.goto(base + lang + '/' + href + '#buoc-1');
          const steps = await page.$$eval('li.step', (s) => s.length);
          for (let i = 1; i <= steps; i++) {
            if (i > 1) await page.click('button.next');
            await imagesLoaded(page, `${lang}/${href} step ${i} at ${width}x${height}`);
            pictures += await oneScreen(page, `${lang}/${href} step ${i} at ${width}x${height}`, minText);
          }
        }
      await page.goto(base + 'vi/cai-dat-vneid.html#buoc-2');
      await imagesLoaded(page, `step 2 at ${width}x${height}`);
      if (width === 1920) await axeClean(page, 'a step on the kiosk');
      await page.screenshot({ path: path.join(artifacts, `${label}-one-screen-${width}x${height}.png`) });
      await page.goto(base + 'vi/cai-dat-vneid.html');
      await page.screenshot({ path: path.join(artifacts, `${label}-cover-${width}x${height}.png`) });
    }
    check(pictures >= 60, `only ${pictures} pictures seen at the three sizes`);
    await page.setViewportSize({ width: 360, height: 740 });

    // Every lesson page in both languages, from its cover: images load, basics hold.
    let images = 0;
    for (const lang of ['vi', 'en'])
      for (const href of lessons) {
        await page.evaluate(() => localStorage.clear());  // else a lesson opens where it was left
        await page.goto(base + lang + '/' + href);
        images += await walkLesson(page, `${lang}/${href}`);
      }
    check(images >= 20, `only ${images} images seen in all lessons`);
  } finally {
    await browser.close();
  }

  const quiet = await openChromium({ width: 360, height: 740 }, { javaScriptEnabled: false });
  try {
    const { page } = quiet;
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
  }

  // Nothing left the server or the bundle folder.
  expectSelfContained(t, base, browser);
  expectSelfContained(t, base, quiet);
  check(browser.requests.length > 10, `only ${browser.requests.length} requests seen`);
}

runTest(main, t, label);
