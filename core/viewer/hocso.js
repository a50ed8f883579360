(function () {
  'use strict';
  // ES5 only (old Android WebViews), no network, no globals. It only
  // enhances the page: without it every step and the quiz answers are on it.
  var doc = document;
  var main = doc.querySelector && doc.querySelector('main');
  if (!main || !doc.addEventListener) return;
  // Set by the build of a kiosk profile with `kiosk: {autoplay: true}`
  // (kiosk_mode.cpp): each screen's narration plays as the screen comes.
  // Phones never play by themselves.
  var kioskAutoplay = false;

  function word(name) { return main.getAttribute('data-' + name) || ''; }
  // A word shown in a fallback language says so (data-NAME-lang), for screen readers and fonts.
  function wordLang(el, name) {
    var lang = main.getAttribute('data-' + name + '-lang');
    if (lang) el.setAttribute('lang', lang); else el.removeAttribute('lang');
    return el;
  }
  function each(list, fn) { for (var i = 0; i < list.length; i++) fn(list[i], i); }
  function show(el, visible) { if (el) el.style.display = visible ? '' : 'none'; }
  function element(tag, className) {
    var el = doc.createElement(tag);
    if (className) el.className = className;
    return el;
  }
  function button(label, className) {
    var b = element('button', className);
    b.type = 'button';
    b.appendChild(doc.createTextNode(label));
    return b;
  }
  // Moves the nodes from `first` up to (not including) `stop` into `into`.
  function moveRun(first, stop, into) {
    for (var node = first; node && node !== stop;) {
      var following = node.nextSibling;
      into.appendChild(node);
      node = following;
    }
  }
  function isPicture(node) {
    return node.nodeType === 1 && node.tagName === 'P' && node.querySelector('img') &&
      node.textContent.replace(/\s+/g, '') === '';
  }

  // What the learner finished and the step reached, kept on this device for
  // the pack's folder: {done: {id: true}, step: {id: screen}}. Storage may be
  // missing or refused (file://, private mode): then nothing is kept.
  var storage = (function () {
    try {
      var s = window.localStorage;
      s.setItem('hocso-probe', '1');
      s.removeItem('hocso-probe');
      return s;
    } catch (e) {
      return null;
    }
  })();
  // The pack's folder (where index.html, the language chooser, is): from this
  // script's own address, <folder>/assets/hocso.js, on every page.
  var packFolder = (function () {
    var script = doc.querySelector('script[src$="assets/hocso.js"]');
    var a = element('a');
    a.href = script ? script.getAttribute('src') : 'assets/hocso.js';
    return a.href.replace(/assets\/hocso\.js$/, '');
  })();
  var progressKey = 'hocso-progress:' + packFolder.replace(/^[a-z]+:\/\/[^\/]*/, '');
  function loadProgress() {
    var p = null;
    try { p = storage && JSON.parse(storage.getItem(progressKey) || 'null'); } catch (e) { p = null; }
    if (!p || typeof p !== 'object') p = {};
    if (!p.done || typeof p.done !== 'object') p.done = {};
    if (!p.step || typeof p.step !== 'object') p.step = {};
    return p;
  }
  function saveProgress(p) {
    try { if (storage) storage.setItem(progressKey, JSON.stringify(p)); } catch (e) { /* full or refused */ }
  }
  function forgetProgress() {
    try { if (storage) storage.removeItem(progressKey); } catch (e) { /* refused */ }
  }

  // A picture tapped (or Enter on it) fills the screen; a tap or Escape closes it.
  var enlarged = null;
  function enlarge(img) {
    var box = element('div', 'enlarged');
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-modal', 'true');
    box.setAttribute('aria-label', img.getAttribute('alt') || '');
    box.setAttribute('tabindex', '-1');
    var big = element('img');
    big.src = img.src;
    big.alt = img.getAttribute('alt') || '';
    box.appendChild(big);
    box.addEventListener('click', shrink);
    doc.body.appendChild(box);
    enlarged = { box: box, from: img };
    box.focus();
  }
  function shrink() {
    if (!enlarged) return;
    enlarged.box.parentNode.removeChild(enlarged.box);
    enlarged.from.focus();
    enlarged = null;
  }

  // One screen at a time: the lesson's cover (title, objectives, intro), each
  // step (heading, text, picture fitted to what is left), then the quiz.
  // Previous/Next in a bar at the bottom; swipe, arrow keys and Enter too.
  function setupScreens() {
    var list = main.querySelector('ol.steps');
    if (!list) return;
    var steps = list.querySelectorAll('li.step');
    var count = steps.length;
    if (!count) return;
    var nav = main.querySelector('nav');
    var cover = element('section', 'screen cover');
    moveRun(nav ? nav.nextSibling : main.firstChild, list, cover);
    main.insertBefore(cover, list);
    var end = element('section', 'screen end');
    moveRun(list.nextSibling, null, end);
    // The summary ("Bác đã học xong…", the next lesson) and the share block: the last screen.
    var done = element('section', 'screen finish');
    var summary = end.querySelector('section.summary');
    if (summary) moveRun(summary, null, done);
    if (end.firstChild) main.appendChild(end); else end = null;
    if (done.firstChild) main.appendChild(done); else done = null;

    // Each step: its words in one column, its pictures in another.
    each(steps, function (step) {
      var text = element('div', 'step-text');
      var pictures = element('div', 'step-picture');
      moveRun(step.firstChild, null, text);
      each(text.childNodes ? Array.prototype.slice.call(text.childNodes) : [], function (node) {
        if (isPicture(node)) pictures.appendChild(node);
      });
      step.appendChild(text);
      if (pictures.firstChild) {
        step.appendChild(pictures);
        each(pictures.querySelectorAll('img'), function (img) {
          img.setAttribute('tabindex', '0');
          img.setAttribute('role', 'button');
          img.addEventListener('click', function () { enlarge(img); });
        });
      }
    });

    var screens = [cover];
    each(steps, function (step) { screens.push(step); });
    // The quiz: one question a screen (the quiz's heading above each); the
    // quiz's other parts, if any, on the first.
    var questions = end ? end.querySelectorAll('.question') : [];
    if (questions.length) each(questions, function (question) { screens.push(question); });
    else if (end) screens.push(end);
    var firstQuestion = screens.length - questions.length;
    if (done) screens.push(done);
    var lessonId = main.getAttribute('data-lesson');
    doc.documentElement.className += ' paged';

    var progress = element('p', 'progress');
    progress.setAttribute('aria-live', 'polite');
    if (nav) nav.appendChild(progress); else main.insertBefore(progress, main.firstChild);
    var bar = element('div', 'step-nav');
    var previous = wordLang(button(word('previous'), 'previous'), 'previous');
    var next = wordLang(button(word('next'), 'next'), 'next');
    // A screen's listen button shows in the middle of this bar (hocso.css
    // places it there; it stays in the screen's markup), in the same place on
    // every screen, taking none of the height a phone needs for the step.
    var listenSpace = element('span', 'listen-space');
    bar.appendChild(previous);
    bar.appendChild(listenSpace);
    bar.appendChild(next);
    main.appendChild(bar);
    var current = 0;

    function go(index, moveFocus) {
      if (index < 0 || index >= screens.length) return;
      // A step's narration stops when the learner leaves it.
      each(main.querySelectorAll('audio'), function (a) { if (!a.paused) a.pause(); });
      current = index;
      each(screens, function (screen, i) { show(screen, i === index); });
      var step = index >= 1 && index <= count;
      var question = questions.length && index >= firstQuestion && index < firstQuestion + questions.length;
      show(list, step);
      if (questions.length) show(end, question);
      // "Bước 2/8" on a step, "Câu hỏi ôn tập 1/3" on a question.
      if (step) progress.textContent = word('step') + ' ' + index + '/' + count;
      else if (question) progress.textContent = word('quiz') + ' ' + (index - firstQuestion + 1) + '/' + questions.length;
      else progress.textContent = '';
      wordLang(progress, question ? 'quiz' : 'step');
      var listen = screens[index].querySelector('p.listen');
      bar.className = 'step-nav' + (listen ? ' with-listen' : '');
      previous.disabled = index === 0;
      next.disabled = index === screens.length - 1;
      if (moveFocus) {
        var heading = question ? screens[index].querySelector('p') : screens[index].querySelector('h1, h2');
        if (heading) {
          heading.setAttribute('tabindex', '-1');
          heading.focus();
        }
      }
      screens[index].scrollTop = 0;
      window.scrollTo(0, 0);
      if (kioskAutoplay) {
        var narration = screens[index].querySelector('button.listen');
        if (narration) playNarration(narration);
      }
      if (lessonId) {
        var p = loadProgress();
        p.step[lessonId] = index;
        if (screens[index] === done) p.done[lessonId] = true;
        saveProgress(p);
      }
    }

    // The screen shown as an address: #buoc-N (a step), #cau-N (a question), else "".
    function screenHash(index) {
      if (index >= 1 && index <= count) return '#buoc-' + index;
      if (questions.length && index >= firstQuestion && index < firstQuestion + questions.length)
        return '#cau-' + (index - firstQuestion + 1);
      return '';
    }
    // The language switcher opens this lesson at the same screen in the other language.
    each(main.querySelectorAll('.switch-language a'), function (a) {
      a.addEventListener('click', function () {
        a.setAttribute('href', a.getAttribute('href').replace(/#.*$/, '') + screenHash(current));
      });
    });

    // A listen button's recording, from the start. A browser that refuses to
    // play (no touch yet) leaves the button as it was.
    function playNarration(button) {
      var sound = button.nextElementSibling;
      if (!sound || sound.tagName !== 'AUDIO') return;
      sound.currentTime = 0;
      button.setAttribute('aria-pressed', 'true');  // at once: the learner sees the press took
      var playing = sound.play();
      if (playing && playing.catch) playing.catch(function () { button.setAttribute('aria-pressed', 'false'); });
    }
    // The listen button plays its part's recording (never by itself, but on a
    // kiosk that reads aloud), and a second press stops it.
    each(main.querySelectorAll('button.listen'), function (button) {
      var sound = button.nextElementSibling;
      if (!sound || sound.tagName !== 'AUDIO') return;
      button.setAttribute('aria-pressed', 'false');
      // "Giọng máy" goes inside the button: one thing in the bar, read with its label.
      var note = button.parentNode.querySelector('.voice-note');
      if (note) button.appendChild(note);
      sound.addEventListener('play', function () { button.setAttribute('aria-pressed', 'true'); });
      sound.addEventListener('pause', function () { button.setAttribute('aria-pressed', 'false'); });
      sound.addEventListener('ended', function () { button.setAttribute('aria-pressed', 'false'); });
      button.addEventListener('click', function () {
        if (!sound.paused) sound.pause();
        else playNarration(button);
      });
    });
    previous.addEventListener('click', function () { go(current - 1, true); });
    next.addEventListener('click', function () { go(current + 1, true); });
    doc.addEventListener('keydown', function (event) {
      if (enlarged) {
        if (event.keyCode === 27 || event.keyCode === 13) shrink();
        event.preventDefault();
        return;
      }
      var target = event.target || {};
      var tag = target.tagName;
      if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.keyCode === 37) go(current - 1, true);
      else if (event.keyCode === 39) go(current + 1, true);
      else if (event.keyCode === 13) {
        // Enter on a picture enlarges it; on a button, link or summary it does what they do.
        if (tag === 'IMG' && target.getAttribute('role') === 'button') {
          event.preventDefault();
          enlarge(target);
        } else if (tag !== 'BUTTON' && tag !== 'A' && tag !== 'SUMMARY') go(current + 1, true);
      }
    });
    // A swipe: mostly sideways and longer than 50 px.
    var startX = null;
    var startY = 0;
    main.addEventListener('touchstart', function (event) {
      if (event.touches.length !== 1) { startX = null; return; }
      startX = event.touches[0].clientX;
      startY = event.touches[0].clientY;
    });
    main.addEventListener('touchend', function (event) {
      if (startX === null || enlarged || !event.changedTouches.length) return;
      var dx = event.changedTouches[0].clientX - startX;
      var dy = event.changedTouches[0].clientY - startY;
      startX = null;
      if (Math.abs(dx) > 50 && Math.abs(dx) > 2 * Math.abs(dy)) go(current + (dx < 0 ? 1 : -1), true);
    });
    // #buoc-N opens step N (a search result, a shared link, another language's
    // page), #cau-N question N of the quiz; no hash, the cover.
    function fromHash(moveFocus) {
      var match = /^#buoc-(\d+)$/.exec(window.location.hash);
      var asked = /^#cau-(\d+)$/.exec(window.location.hash);
      if (match) go(Math.min(Math.max(parseInt(match[1], 10), 1), count), moveFocus);
      else if (asked && questions.length)
        go(firstQuestion + Math.min(Math.max(parseInt(asked[1], 10), 1), questions.length) - 1, moveFocus);
      else if (!window.location.hash) {
        // Back where the learner was on this device, else the cover.
        var saved = lessonId ? loadProgress().step[lessonId] : 0;
        go(typeof saved === 'number' && saved >= 0 && saved < screens.length ? saved : 0, moveFocus);
      }
    }
    window.addEventListener('hashchange', function () { fromHash(true); });
    fromHash(false);
  }

  // Quiz choices become buttons that say at once whether they are right.
  function setupQuiz() {
    each(main.querySelectorAll('.question[data-answer]'), function (question) {
      var answer = parseInt(question.getAttribute('data-answer'), 10);
      var items = question.querySelectorAll('ol > li');
      var feedback = element('p', 'feedback');
      feedback.setAttribute('role', 'status');
      var buttons = [];
      each(items, function (item, i) {
        var choice = button(item.textContent, 'choice');
        choice.setAttribute('aria-pressed', 'false');
        choice.addEventListener('click', function () {
          each(buttons, function (b) {
            b.className = 'choice';
            b.setAttribute('aria-pressed', 'false');
          });
          var right = i === answer;
          choice.className = 'choice ' + (right ? 'right' : 'wrong');
          choice.setAttribute('aria-pressed', 'true');
          feedback.className = 'feedback ' + (right ? 'right' : 'wrong');
          feedback.textContent = right ? word('right') : word('wrong');
          wordLang(feedback, right ? 'right' : 'wrong');
        });
        buttons.push(choice);
        item.textContent = '';
        item.appendChild(choice);
      });
      var list = question.querySelector('ol');
      list.parentNode.insertBefore(feedback, list.nextSibling);
    });
  }

  // The list of lessons: a tick at each lesson finished on this device, and
  // "Học lại từ đầu" to forget them.
  function setupList() {
    if (!main.hasAttribute('data-restart')) return;
    var links = main.querySelectorAll('.lessons > li > a');
    var p = loadProgress();
    var ticks = [];
    var any = false;
    for (var id in p.step) if (p.step.hasOwnProperty(id)) any = true;
    each(links, function (a) {
      var id = (a.getAttribute('href') || '').replace(/\.html$/, '');
      if (!p.done[id]) return;
      var tick = wordLang(element('span', 'lesson-done'), 'done');
      tick.appendChild(doc.createTextNode(word('done')));
      a.parentNode.insertBefore(tick, a.nextSibling);
      a.parentNode.insertBefore(doc.createTextNode(' '), tick);
      ticks.push(tick);
      any = true;
    });
    if (!any) return;
    var restart = wordLang(button(word('restart'), 'restart'), 'restart');
    restart.addEventListener('click', function () {
      forgetProgress();
      each(ticks, function (tick) { tick.parentNode.removeChild(tick); });
      restart.parentNode.removeChild(restart);
    });
    var heading = main.querySelector('h2');
    if (heading) heading.parentNode.insertBefore(restart, heading.nextSibling);
    else main.appendChild(restart);
  }

  // Kiosk mode (docs/kiosk.md): the build of a profile with
  // `kiosk: {idle_seconds: N}` sets N here. After N seconds without a touch or
  // a key the learner's progress is forgotten and the language chooser comes
  // back, for the next learner; the text is large throughout.
  var kioskIdleSeconds = 0;
  function setupKiosk() {
    if (!(kioskIdleSeconds > 0)) return;
    doc.documentElement.className += ' kiosk';
    var chooser = packFolder + 'index.html';
    var timer = null;
    function startOver() {
      forgetProgress();
      var here = window.location.href.replace(/[?#].*$/, '');
      if (here !== chooser && here !== packFolder) window.location.href = chooser;
    }
    function touched() {
      if (timer !== null) window.clearTimeout(timer);
      timer = window.setTimeout(startOver, kioskIdleSeconds * 1000);
    }
    each(['touchstart', 'mousedown', 'keydown', 'wheel'], function (name) {
      doc.addEventListener(name, touched, true);
    });
    touched();
  }

  setupScreens();
  setupQuiz();
  setupList();
  setupKiosk();
})();
