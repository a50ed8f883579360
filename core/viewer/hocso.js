(function () {
  'use strict';
  var doc = document;
  var main = doc.querySelector && doc.querySelector('main');
  if (!main) return;

  function word(name) { return main.getAttribute('data-' + name) || ''; }
  // A word shown in a fallback language says so (data-NAME-lang), for screen readers and fonts.
  function wordLang(el, name) {
    var lang = main.getAttribute('data-' + name + '-lang');
    if (lang) el.setAttribute('lang', lang); else el.removeAttribute('lang');
    return el;
  }
  function each(list, fn) { for (var i = 0; i < list.length; i++) fn(list[i], i); }
  function show(el, visible) { if (el) el.style.display = visible ? '' : 'none'; }
  function button(label, className) {
    var b = doc.createElement('button');
    b.type = 'button';
    b.className = className;
    b.appendChild(doc.createTextNode(label));
    return b;
  }

  // One step per screen, with previous/next and "Step 2/6".
  function setupSteps() {
    var list = main.querySelector('ol.steps');
    if (!list) return;
    var steps = list.querySelectorAll('li.step');
    var count = steps.length;
    if (count < 2) return;
    var before = main.querySelectorAll('.objectives, .intro');
    var quiz = main.querySelector('.quiz');
    var bar = doc.createElement('div');
    bar.className = 'step-nav';
    var previous = wordLang(button(word('previous'), 'previous'), 'previous');
    var progress = doc.createElement('p');
    progress.className = 'progress';
    progress.setAttribute('aria-live', 'polite');
    var next = wordLang(button(word('next'), 'next'), 'next');
    bar.appendChild(previous);
    bar.appendChild(progress);
    bar.appendChild(next);
    list.parentNode.insertBefore(bar, list.nextSibling);
    var current = 0;

    function go(index, moveFocus) {
      if (index < 0 || index >= count) return;
      current = index;
      each(steps, function (step, i) { show(step, i === index); });
      // What comes before the steps belongs with the first; the quiz with the last.
      each(before, function (el) { show(el, index === 0); });
      show(quiz, index === count - 1);
      progress.textContent = word('step') + ' ' + (index + 1) + '/' + count;
      wordLang(progress, 'step');
      previous.disabled = index === 0;
      next.disabled = index === count - 1;
      if (moveFocus) {
        var heading = steps[index].querySelector('h2');
        if (heading) {
          heading.setAttribute('tabindex', '-1');
          heading.focus();
        }
        if (steps[index].scrollIntoView) steps[index].scrollIntoView(true);
      }
    }

    previous.addEventListener('click', function () { go(current - 1, true); });
    next.addEventListener('click', function () { go(current + 1, true); });
    doc.addEventListener('keydown', function (event) {
      var tag = event.target && event.target.tagName;
      if (tag === 'INPUT' || tag === 'TEXTAREA' || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.keyCode === 37) go(current - 1, true);
      if (event.keyCode === 39) go(current + 1, true);
    });
    var start = 0;
    var match = /^#buoc-(\d+)$/.exec(window.location.hash);
    if (match) start = Math.min(Math.max(parseInt(match[1], 10) - 1, 0), count - 1);
    go(start, false);
  }

  // Quiz choices become buttons that say at once whether they are right.
  function setupQuiz() {
    each(main.querySelectorAll('.question[data-answer]'), function (question) {
      var answer = parseInt(question.getAttribute('data-answer'), 10);
      var items = question.querySelectorAll('ol > li');
      var feedback = doc.createElement('p');
      feedback.className = 'feedback';
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

  setupSteps();
  setupQuiz();
})();
