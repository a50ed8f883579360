// hocso preview in a real browser: Debian's Chromium, driven by playwright-core.
// Usage: node preview.test.js BASE_URL CONTENT_DIR ARTIFACT_DIR
//   BASE_URL     http://127.0.0.1:PORT/ (hocso preview running on CONTENT_DIR)
//   CONTENT_DIR  the content folder the preview watches; this test edits
//                lessons/cai-dat-vneid/lesson.md in it (and puts it back)
// Checks: an edit saved reloads the open page with the new text at the
// edited step; a broken edit shows its diagnostic in the page, escaped, over
// the last good version; a lesson with a validation error still shows its new
// text; the pictures' overlays are drawn where the front matter puts them; a
// rectangle dragged with the mouse gives its line in source pixels. Takes
// screenshots at 360x640 and 1280x800. Exits 1 with one line per failed check.
'use strict';
const fs = require('fs');
const path = require('path');
const { tally, openChromiumFor, expectSelfContained, runTest } = require('./harness');

const [base, contentDir, artifacts] = process.argv.slice(2);
if (!base || !contentDir || !artifacts) {
  console.error('usage: node preview.test.js BASE_URL CONTENT_DIR ARTIFACT_DIR');
  process.exit(2);
}
const lessonFile = path.join(contentDir, 'lessons', 'cai-dat-vneid', 'lesson.md');
const original = fs.readFileSync(lessonFile, 'utf8');
const t = tally();
const { check, equal } = t;

// Saves the lesson with `edit` applied to its text as it is (a plain write,
// as an editor saves).
function saveLesson(edit) {
  const before = fs.readFileSync(lessonFile, 'utf8');
  const text = edit(before);
  if (text === before) throw new Error('the edit changed nothing');
  fs.writeFileSync(lessonFile, text);
}
function replaceOnce(text, from, to) {
  if (!text.includes(from)) throw new Error(`not in the lesson: ${from}`);
  return text.replace(from, to);
}

// The step on screen: its progress text and its words.
function shown(page) {
  return page.evaluate(() => {
    const step = Array.from(document.querySelectorAll('li.step')).find((s) => s.offsetParent !== null);
    const progress = document.querySelector('.progress');
    return { progress: progress ? progress.textContent : '', text: step ? step.querySelector('.step-text').textContent : '',
             reloaded: window.hocsoTestMark === undefined };
  });
}

// Marks the page, then waits until a page without the mark (reloaded) shows
// `text` in the step on screen. Returns the milliseconds it took.
async function reloadShowing(page, text, what) {
  await page.evaluate(() => { window.hocsoTestMark = 1; });
  const started = Date.now();
  try {
    await page.waitForFunction((wanted) => {
      if (window.hocsoTestMark !== undefined) return false;
      const step = Array.from(document.querySelectorAll('li.step')).find((s) => s.offsetParent !== null);
      return step && step.textContent.includes(wanted);
    }, text, { timeout: 10000, polling: 20 });
  } catch (e) {
    check(false, `${what}: the page did not reload showing "${text}" (${e.message.split('\n')[0]})`);
  }
  return Date.now() - started;
}

async function problemBox(page) {
  return page.evaluate(() => {
    const box = document.querySelector('.preview-problems');
    if (!box) return null;
    return { summary: box.querySelector('summary').textContent,
             items: Array.from(box.querySelectorAll('.preview-problem-list pre')).map((p) => p.textContent),
             elements: box.querySelectorAll('img, script, iframe').length,
             stale: box.textContent.includes('bản trước đó') };
  });
}

// The picture on screen: where its <img> is and the picture's size in source pixels.
function pictureGeometry(page) {
  return page.evaluate(() => {
    const step = Array.from(document.querySelectorAll('li.step')).find((s) => s.offsetParent !== null);
    const img = step.querySelector('.step-picture img');
    const box = img.getBoundingClientRect();
    return { left: box.left + img.clientLeft, top: box.top + img.clientTop, width: img.clientWidth,
             height: img.clientHeight, naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight };
  });
}

// Where object-fit: contain draws a picture of natural size inside its box.
function drawnAt(g) {
  const scale = Math.min(g.width / g.naturalWidth, g.height / g.naturalHeight);
  return { scale, left: g.left + (g.width - g.naturalWidth * scale) / 2, top: g.top + (g.height - g.naturalHeight * scale) / 2 };
}

async function main() {
  const browser = await openChromiumFor(artifacts, { width: 1280, height: 800 });
  const { page } = browser;
  try {

    // A lesson open at its second step.
    await page.goto(base + 'vi/cai-dat-vneid.html#buoc-2');
    const steps = await page.$$eval('li.step', (s) => s.length);
    let now = await shown(page);
    equal(now.progress, `Bước 2/${steps}`, 'opened at step 2');
    check(now.text.includes('Mở ứng dụng VNeID vừa cài. Chạm vào nút'), `step 2 text before the edit: ${now.text}`);
    equal(await problemBox(page), null, 'no problem box on a lesson without problems');

    // 1. The step on screen edited: the page reloads at that step with the new text.
    saveLesson((t) => replaceOnce(t, 'Mở ứng dụng VNeID vừa cài. Chạm vào nút', 'Mở ứng dụng VNeID vừa cài xong. Chạm vào nút'));
    const ms = await reloadShowing(page, 'Mở ứng dụng VNeID vừa cài xong. Chạm vào nút', 'edit of step 2');
    now = await shown(page);
    equal(now.progress, `Bước 2/${steps}`, 'reloaded at step 2');
    check(now.reloaded, 'the page was reloaded');
    console.log(`edit saved -> page reloaded with the new text: ${ms} ms`);

    // 2. Another step edited while step 2 is on screen: the page opens at the edited step.
    saveLesson((t) => replaceOnce(t, 'Nhập mã đó vào ô OTP,', 'Nhập mã đó vào ô OTP (câu sửa thử),'));
    await reloadShowing(page, 'Nhập mã đó vào ô OTP (câu sửa thử),', 'edit of step 4');
    equal((await shown(page)).progress, `Bước 4/${steps}`, 'reloaded at the edited step 4');

    // 3. A broken edit: the lesson cannot be read. The page shows the problem,
    // as text (the line holds markup), over the last version that could be read.
    saveLesson((t) => replaceOnce(t, '\nlevel: co-ban\n', '\nlevel: co-ban\nlevel: <img src=x onerror="window.hocsoInjected=1">\n'));
    try {
      await page.waitForFunction(() => document.querySelector('.preview-problems'), null, { timeout: 10000, polling: 20 });
    } catch (e) {
      check(false, 'broken edit: no problem box appeared');
    }
    let box = await problemBox(page);
    check(box !== null, 'broken edit: a problem box');
    if (box) {
      equal(box.summary, 'Bài này có 1 lỗi', 'broken edit: the box says how many');
      equal(box.items.join('\n---\n'),
            'content/lessons/cai-dat-vneid/lesson.md:6:1: error: duplicate key "level" (first defined on line 5) [yaml-duplicate-key]\n' +
            'level: <img src=x onerror="window.hocsoInjected=1">\n^',
            'broken edit: the diagnostic in the page, as the terminal prints it');
      equal(box.elements, 0, 'broken edit: no markup from the source in the box');
      check(box.stale, 'broken edit: the page says it shows the version before');
    }
    equal(await page.evaluate(() => window.hocsoInjected), undefined, 'broken edit: nothing from the source ran');
    check((await page.textContent('main')).includes('Nhập mã đó vào ô OTP (câu sửa thử),'),
          'broken edit: the last good version is still shown');
    await shootBoth(page, 'preview-problems');

    // 4. An error that leaves the lesson readable: the new text shows, with the problem.
    saveLesson((t) => replaceOnce(replaceOnce(replaceOnce(t, '\nlevel: <img src=x onerror="window.hocsoInjected=1">\n', '\n'),
                                              'Nhập mã đó vào ô OTP (câu sửa thử),', 'Nhập mã đó vào ô OTP (lần hai),'),
                                  '      - Từ tệp APK người khác gửi qua Zalo\n    answer: 1', '      - Từ tệp APK người khác gửi qua Zalo\n    answer: 5'));
    await reloadShowing(page, 'Nhập mã đó vào ô OTP (lần hai),', 'edit with a validation error');
    equal((await shown(page)).progress, `Bước 4/${steps}`, 'validation error: at the edited step 4');
    box = await problemBox(page);
    check(box !== null && box.items.length === 1 &&
          box.items[0].startsWith('content/lessons/cai-dat-vneid/lesson.md:44:13: error: quiz question 1: answer 5 is not one of its 3 choices; answer counts from 0: write 0 for choice 1, up to 2 for choice 3 [quiz-answer-range]'),
          `validation error: the diagnostic in the page: ${JSON.stringify(box)}`);
    check(box !== null && !box.stale, 'validation error: the page is the new version');

    // 5. Put back (steps 2 and 4 change): at step 2, no problem box.
    fs.writeFileSync(lessonFile, original);
    await reloadShowing(page, 'Mở ứng dụng VNeID vừa cài. Chạm vào nút', 'lesson put back');
    equal((await shown(page)).progress, `Bước 2/${steps}`, 'put back: at the first edited step');
    equal(await problemBox(page), null, 'put back: no problem box');

    // 6. Overlays over the picture of step 3: the highlight's frame 8 source
    // pixels outside [40, 600, 460, 90] and the redaction over [40, 270, 460, 80].
    await page.goto(base + 'vi/cai-dat-vneid.html#buoc-3');
    await page.waitForFunction(() => {
      const step = Array.from(document.querySelectorAll('li.step')).find((s) => s.offsetParent !== null);
      const img = step && step.querySelector('img');
      return img && img.complete && img.naturalWidth > 0 && step.querySelector('.preview-layer');
    }, null, { timeout: 5000 });
    const g = await pictureGeometry(page);
    equal(`${g.naturalWidth}x${g.naturalHeight}`, '540x1170', 'the picture is the source screenshot');
    const at = drawnAt(g);
    check(Math.abs(at.scale - 1) > 0.05, `the picture is drawn scaled (${at.scale}), so source and screen pixels differ`);
    const drawn = await page.evaluate(() => {
      const step = Array.from(document.querySelectorAll('li.step')).find((s) => s.offsetParent !== null);
      const rect = (el) => { const b = el.getBoundingClientRect(); return [b.left, b.top, b.width, b.height]; };
      return { highlight: Array.from(step.querySelectorAll('.preview-highlight')).map(rect),
               redact: Array.from(step.querySelectorAll('.preview-redact')).map(rect),
               label: Array.from(step.querySelectorAll('.preview-label')).map((l) => l.textContent) };
    });
    const near = (got, want) => got.length === 4 && got.every((v, i) => Math.abs(v - want[i]) <= 1);
    const screen = (x, y, w, h) => [at.left + x * at.scale, at.top + y * at.scale, w * at.scale, h * at.scale];
    check(drawn.highlight.length === 1 && near(drawn.highlight[0], screen(32, 592, 476, 106)),
          `highlight frame drawn at ${JSON.stringify(drawn.highlight)}, expected ${JSON.stringify(screen(32, 592, 476, 106))}`);
    check(drawn.redact.length === 1 && near(drawn.redact[0], screen(40, 270, 460, 80)),
          `redaction drawn at ${JSON.stringify(drawn.redact)}, expected ${JSON.stringify(screen(40, 270, 460, 80))}`);
    equal(drawn.label.join('|'), 'Chạm để đi tiếp', 'the label drawn, as text');

    // 7. A rectangle dragged over the picture: its line in source pixels.
    // Whole CSS pixels of the window (what a mouse gives), the source pixels they fall on.
    const from = [Math.round(at.left + 100 * at.scale), Math.round(at.top + 200 * at.scale)];
    const to = [Math.round(at.left + 400 * at.scale), Math.round(at.top + 333 * at.scale)];
    const source = (p) => [Math.round((p[0] - at.left) / at.scale), Math.round((p[1] - at.top) / at.scale)];
    const [x1, y1] = source(from);
    const [x2, y2] = source(to);
    const expected = `[[${x1}, ${y1}, ${x2 - x1}, ${y2 - y1}]]`;
    const slack = Math.ceil(1 / at.scale);  // one window pixel
    check(Math.abs(x1 - 100) <= slack && Math.abs(y1 - 200) <= slack && Math.abs(x2 - 400) <= slack && Math.abs(y2 - 333) <= slack,
          `the drag is where it was meant to be in source pixels: ${expected}`);
    await page.mouse.move(from[0], from[1]);
    await page.mouse.down();
    await page.mouse.move(to[0], to[1], { steps: 8 });
    await page.mouse.up();
    const lines = await page.evaluate(() => {
      const picker = document.querySelector('.preview-picker');
      return picker ? { highlight: picker.querySelector('.preview-line-highlight').textContent,
                        redact: picker.querySelector('.preview-line-redact').textContent,
                        where: picker.querySelector('.preview-picker-where').textContent } : null;
    });
    check(lines !== null, 'a drag opens the box with the lines');
    if (lines) {
      equal(lines.highlight, `highlight: ${expected}`, 'the highlight line, in source pixels');
      equal(lines.redact, `redact: ${expected}`, 'the redact line, in source pixels');
      equal(lines.where, 'screens/nhap-so-dinh-danh.png · ảnh gốc 540 × 1170 điểm ảnh', 'which picture, and its size');
    }
    equal(await page.$$eval('.enlarged', (e) => e.length), 0, 'a drag does not enlarge the picture');
    await shootBoth(page, 'preview-picker');
    // A click without a drag still enlarges it, as in the viewer.
    await page.keyboard.press('Escape');
    await page.mouse.click(at.left + 270 * at.scale, at.top + 500 * at.scale);
    equal(await page.$$eval('.enlarged', (e) => e.length), 1, 'a click enlarges the picture');
    await page.keyboard.press('Escape');

    // The preview's files are its own: a page of the lesson links them, the
    // viewer's script is the bundle's.
    const links = await page.$$eval('script[src], link[rel=stylesheet]', (l) => l.map((e) => e.getAttribute('src') || e.getAttribute('href')));
    equal(links.join(' '), '../assets/hocso.css ../assets/hocso.js ../assets/preview.css ../assets/preview.js', 'the page links the viewer, then the preview');
    expectSelfContained(t, base, browser);
  } finally {
    fs.writeFileSync(lessonFile, original);
    await browser.close();
  }
}

// The page at phone and kiosk size, as it is.
async function shootBoth(page, name) {
  const size = page.viewportSize();
  for (const [w, h] of [[360, 640], [1280, 800]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(100);
    await page.screenshot({ path: path.join(artifacts, `${name}-${w}x${h}.png`) });
  }
  await page.setViewportSize(size);
  await page.waitForTimeout(100);
}

runTest(main, t, null, (passed, failed) => `${passed + failed} checks, ${failed} failed`);
