// The checks every viewer page must pass, shared by viewer.test.js and
// kiosk.test.js: `check(ok, what)` records each result.
'use strict';
const fs = require('fs');

module.exports = function pageChecks(check) {
  // Lighthouse-style basics: text >= 16 px, tap targets >= 44 px, no horizontal scroll.
  async function phoneBasics(page, where, minText = 16) {
    const r = await page.evaluate((minText) => {
      const small = [];
      const tiny = [];
      const wide = [];
      const visible = (el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
      };
      for (const el of document.querySelectorAll('body *')) {
        if (!visible(el)) continue;
        const hasText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
        if (hasText && parseFloat(getComputedStyle(el).fontSize) < minText) small.push(el.tagName + ': ' + el.textContent.trim().slice(0, 30));
        // Cut off at the right edge (html.paged hides overflow, so scrollWidth cannot tell).
        if (hasText && el.getBoundingClientRect().right > document.documentElement.clientWidth + 1) wide.push(el.tagName + ': ' + el.textContent.trim().slice(0, 30));
      }
      for (const el of document.querySelectorAll('button, summary, nav a, .languages a, .lessons a, .requires a')) {
        if (!visible(el)) continue;
        const box = el.getBoundingClientRect();
        if (box.height < 44 || box.width < 44) tiny.push(el.tagName + ' ' + el.textContent.trim().slice(0, 30) + ' ' + Math.round(box.width) + 'x' + Math.round(box.height));
      }
      return { small, tiny, wide, scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth };
    }, minText);
    check(r.small.length === 0, `${where}: text under ${minText} px: ${r.small.join(' | ')}`);
    check(r.tiny.length === 0, `${where}: tap targets under 44 px: ${r.tiny.join(' | ')}`);
    check(r.scroll <= r.width, `${where}: horizontal scroll (${r.scroll} > ${r.width})`);
    check(r.wide.length === 0, `${where}: text past the right edge: ${r.wide.join(' | ')}`);
  }
  
  // axe-core (from npm, injected into the page): no serious or critical violations.
  // No preload: axe would fetch the stylesheets again, which file:// refuses.
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Run at the smallest common phone, 360x640, whatever the window was.
  async function axeClean(page, where) {
    const size = page.viewportSize();
    const phone = size.width <= 400;
    if (phone) await page.setViewportSize({ width: 360, height: 640 });
    where += ` at ${phone ? '360x640' : size.width + 'x' + size.height}`;
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => (await window.axe.run(document, { preload: false })).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`));
    check(violations.length === 0, `${where}: axe-core: ${violations.join(' | ')}`);
    if (phone) await page.setViewportSize(size);
  }

  return { phoneBasics, axeClean };
};
