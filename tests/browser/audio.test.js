// Narration in a real browser (Debian's Chromium via playwright-core): a step
// with a recording shows a large listen button labelled in the page's
// language; nothing plays by itself; pressing it plays the step's recording
// to its end, and the <audio> element's duration is the lesson JSON's.
// A kiosk bundle whose profile reads aloud (kiosk: {autoplay: true}) plays a
// step's recording as the learner moves to it, without a press.
// Usage: node audio.test.js BASE LESSON [autoplay]
//   BASE      file:// or http:// address of an unzipped bundle's folder (ending in /)
//   LESSON    a lesson with a step recorded in vi and one recorded in en
//   autoplay  BASE is a kiosk bundle that reads aloud
// Exits 1 with one line per failed check.
'use strict';
const fs = require('fs');
const { tally, openChromium, expectSelfContained, runTest } = require('./harness');

const [base, lesson, mode] = process.argv.slice(2);
const autoplay = mode === 'autoplay';
if (!base || !lesson) {
  console.error('usage: node audio.test.js BASE LESSON');
  process.exit(2);
}
const t = tally();
const { check, equal } = t;

async function main() {
  // Chromium's own autoplay rule would hide an autoplay: the pages must not
  // rely on it (a kiosk's browser may allow it), so it is turned off here.
  const browser = await openChromium(autoplay ? { width: 1920, height: 1080 } : { width: 360, height: 640 }, {
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--autoplay-policy=no-user-gesture-required'],
  });
  const { page } = browser;
  try {
    for (const [lang, word] of [['vi', 'Nghe'], ['en', 'Listen']]) {
      const url = `${base}${lang}/${lesson}.json`;
      const json = JSON.parse(url.startsWith('file:') ? fs.readFileSync(new URL(url), 'utf8') : await (await fetch(url)).text());
      const withAudio = json.steps.filter((s) => s.audio).map((s) => s.index);
      // The step played: the first with a recording in the page's language.
      const played = json.steps.find((s) => s.audio && s.audio.lang === lang);
      check(played, `${lang}: a step has a recording in ${lang}`);
      if (!played) continue;
      const n = played.index;
      await page.goto(`${base}${lang}/${lesson}.html#buoc-${n}`);
      // One button per step with audio, none elsewhere, each in the page's language.
      const buttons = await page.$$eval('li.step', (steps) => steps.map((s) => {
        const b = s.querySelector('button.listen');
        return b ? { index: Number(s.id.replace('buoc-', '')), text: b.textContent, lang: b.closest('[lang]').getAttribute('lang') } : null;
      }).filter(Boolean));
      equal(JSON.stringify(buttons.map((b) => b.index)), JSON.stringify(withAudio), `${lang}: listen buttons on the steps with audio`);
      for (const b of buttons) {
        equal(b.text, word, `${lang}: step ${b.index}'s button label`);
        equal(b.lang, lang, `${lang}: step ${b.index}'s button label language`);
      }
      // Moving to the step: a kiosk that reads aloud plays it by itself; a
      // phone plays nothing (half a second after the page opened, nor after
      // Next and Previous).
      if (n > 1) {
        await page.goto(`${base}${lang}/${lesson}.html#buoc-${n - 1}`);
        await page.locator('.step-nav button.next').click();
      }
      if (autoplay) {
        const started = await page.waitForFunction((n) => {
          const a = document.querySelector(`#buoc-${n} audio`);
          return a && (!a.paused || a.ended);
        }, n, { timeout: 30000 }).then(() => true, () => false);
        check(started, `${lang}: the kiosk plays step ${n}'s recording as the step comes`);
        continue;
      }
      await page.waitForTimeout(500);
      const playing = await page.$$eval('audio', (all) => all.filter((a) => !a.paused || a.currentTime > 0).length);
      equal(playing, 0, `${lang}: no recording plays by itself`);
      // Pressed: the step's recording plays to its end.
      const listen = page.locator(`#buoc-${n} button.listen`);
      check(await listen.isVisible(), `${lang}: step ${n}'s listen button is visible`);
      const box = await listen.boundingBox();
      check(box && box.height >= 48 && box.width >= 48, `${lang}: the listen button is large: ${JSON.stringify(box)}`);
      await page.evaluate((n) => {
        const a = document.querySelector(`#buoc-${n} audio`);
        window.hocsoEnded = new Promise((resolve) => a.addEventListener('ended', () => resolve(a.duration)));
      }, n);
      await listen.click();
      equal(await listen.getAttribute('aria-pressed'), 'true', `${lang}: the button shows at once that it plays`);
      const duration = await page.evaluate(() => Promise.race([
        window.hocsoEnded,
        new Promise((resolve) => setTimeout(() => resolve(-1), 60000)),  // generous: a loaded machine plays late
      ]));
      const want = played.audio.duration_seconds;
      check(duration > 0 && Math.abs(duration - want) < 0.1,
            `${lang}: step ${n}'s audio ended after ${duration} s; the JSON says ${want} s`);
      equal(await listen.getAttribute('aria-pressed'), 'false', `${lang}: the button is back to "listen" at the end`);
    }
    expectSelfContained(t, base, browser);
  } finally {
    await browser.close();
  }
}

runTest(main, t, 'audio');
