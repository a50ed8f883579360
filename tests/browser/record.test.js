// hocso record in a real browser (Debian's Chromium via playwright-core, with
// its fake microphone): the page shows each part's text as `hocso audio list`
// gives it (as text, never as markup), moves with Next and Previous, records a
// take of a few seconds, plays it back and saves it; the server answers with
// the file it wrote.
// Usage: node record.test.js URL LESSON UNIT LIST.json WORDS
//   URL        the address hocso record printed (http://127.0.0.1:PORT/TOKEN/)
//   LESSON     the lesson served
//   UNIT       the part to record (the one after the first: reached with Next)
//   LIST.json  `hocso audio list LANG LESSON --format json` of the same content
//   WORDS      the buttons' labels, "|"-separated: Record|Stop|Play back|Save
// Exits 1 with one line per failed check.
'use strict';
const fs = require('fs');
const { tally, openChromium, runTest } = require('./harness');

const [url, lesson, unitId, listFile, wordList] = process.argv.slice(2);
if (!url || !lesson || !unitId || !listFile || !wordList) {
  console.error('usage: node record.test.js URL LESSON UNIT LIST.json WORDS');
  process.exit(2);
}
const t = tally();
const { check, equal } = t;
const list = JSON.parse(fs.readFileSync(listFile, 'utf8'));
const units = list.packs[0].lessons.find((l) => l.lesson === lesson).units;
const [recordWord, stopWord, playWord, saveWord] = wordList.split('|');

async function main() {
  const browser = await openChromium({ width: 1024, height: 768 }, {
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
           '--autoplay-policy=no-user-gesture-required'],
    permissions: ['microphone'],
  });
  const { page } = browser;
  const state = () => page.evaluate(() => document.body.dataset.state);
  const waitState = async (wanted, what) => {
    try {
      await page.waitForFunction((w) => w.includes(document.body.dataset.state), wanted, { timeout: 60000 });
    } catch (e) {
      check(false, `${what}: the page stayed '${await state()}': ${await page.textContent('#status')}`);
      throw e;
    }
  };
  const shownText = () => page.$$eval('#text p', (ps) => ps.map((p) => p.textContent).join('\n'));
  try {
    await page.goto(url);
    await waitState(['idle'], 'opening the page');
    // The buttons, in the language of hocso's messages.
    for (const [id, word] of [['record', recordWord], ['stop', stopWord], ['play', playWord], ['save', saveWord]])
      equal((await page.textContent(`#${id}`)).trim(), word, `the ${id} button's label`);
    // The first part, as `hocso audio list` has it; the lesson's text is text, never markup.
    equal(await page.textContent('#unit-name') !== '', true, 'the part is named');
    equal(await shownText(), units[0].text, `${units[0].unit}: the text of audio list`);
    equal(await page.$$eval('#text *', (all) => all.filter((e) => e.tagName !== 'P').length), 0,
          'the text holds no element but its paragraphs');
    equal(await page.$eval('#text p', (p) => p.lang), units[0].lang, `${units[0].unit}: its language`);
    // Next and Previous.
    await page.click('#next');
    const index = units.findIndex((u) => u.unit === unitId);
    for (let i = 1; i < index; i++) await page.click('#next');
    equal(await shownText(), units[index].text, `${unitId}: the text of audio list`);
    equal(page.url().endsWith(`#${lesson}/${unitId}`), true, `${unitId}: its place in the address: ${page.url()}`);
    await page.click('#previous');
    equal(await shownText(), units[index - 1].text, 'Previous shows the part before');
    await page.click('#next');

    // A take of three seconds from the fake microphone.
    await page.click('#record');
    await waitState(['recording', 'error'], 'pressing Record');
    equal(await state(), 'recording', `recording (${await page.textContent('#status')})`);
    equal(await page.isDisabled('#next'), true, 'Next waits while recording');
    await page.waitForTimeout(3000);
    await page.click('#stop');
    await waitState(['recorded', 'error'], 'pressing Stop');
    equal(await state(), 'recorded', `a take is there (${await page.textContent('#status')})`);
    // Played back in the page.
    await page.evaluate(() => {
      const a = document.getElementById('take');
      window.hocsoPlayed = new Promise((resolve) => {
        a.addEventListener('timeupdate', () => { if (a.currentTime > 0.5) resolve(a.currentTime); });
        setTimeout(() => resolve(-1), 30000);
      });
    });
    await page.click('#play');
    const played = await page.evaluate(() => window.hocsoPlayed);
    check(played > 0.5, `Play back plays the take: ${played}`);
    // Saved.
    await page.click('#save');
    await waitState(['saved', 'error'], 'pressing Save');
    const status = await page.textContent('#status');
    equal(await state(), 'saved', `the take is saved (${status})`);
    check(status.trim().endsWith(`content/audio/${list.language}/${lesson}/${unitId}.flac`), `the status names the file: ${status}`);
    equal(await page.$eval('#state', (s) => s.className), 'state fresh', 'the part shows it is recorded');
    equal(await page.isDisabled('#save'), true, 'nothing more to save');
    // Leaving is free once saved.
    await page.click('#next');
    equal(await shownText(), units[index + 1].text, 'Next after saving');
    // Nothing asked of anyone but this server (and the take's own blob: address), and no script failed.
    const origin = new URL(url).origin + '/';
    const outside = browser.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:' + origin));
    check(outside.length === 0, `requests outside ${origin}: ${outside.join(' ')}`);
    check(browser.errors.length === 0, `console errors: ${browser.errors.join(' | ')}`);
  } finally {
    await browser.close();
  }
}

runTest(main, t, 'record');
