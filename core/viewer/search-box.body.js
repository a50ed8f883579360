  'use strict';
  var doc = document;
  var main = doc.querySelector && doc.querySelector('main');
  if (!main || !doc.addEventListener) return;
  var lang = doc.documentElement.getAttribute('lang') || '';
  var words = index.labels[lang];
  if (!words) for (var first in index.labels) { words = index.labels[first]; break; }
  if (!words) return;
  var table = {};  // character -> its folded form
  for (var target in index.fold) {
    var from = index.fold[target];
    for (var k = 0; k < from.length; k++) {
      var code = from.charCodeAt(k);
      table[code >= 0xD800 && code <= 0xDBFF ? from.charAt(k) + from.charAt(++k) : from.charAt(k)] = target;
    }
  }

  function fold(text) {
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      var code = text.charCodeAt(i);
      if (code >= 0xD800 && code <= 0xDBFF && i + 1 < text.length) c += text.charAt(++i);
      var f = table[c];
      out += typeof f === 'string' ? f : c.toLowerCase();
    }
    return out;
  }
  function terms(text) {
    var parts = fold(text).split(/[\s.,;:!?()\[\]"'\/\u2013\u2014-]+/);
    var out = [];
    for (var i = 0; i < parts.length; i++) if (parts[i]) out.push(parts[i]);
    return out;
  }
  function matches(list, key) {
    for (var i = 0; i < list.length; i++) if (key.indexOf(list[i]) < 0) return false;
    return true;
  }
  // A word of the page ([text, language]) as the text of `node`, with its
  // language when that is not the page's.
  function say(node, word, filled) {
    node.textContent = filled === undefined ? word[0] : filled;
    if (word[1] !== lang) node.setAttribute('lang', word[1]);
    else node.removeAttribute('lang');
  }
  function link(l, id, hash) { return (l === lang ? '' : '../' + l + '/') + id + '.html' + hash; }

  var form = doc.createElement('form');
  form.className = 'search';
  form.setAttribute('role', 'search');
  var label = doc.createElement('label');
  label.htmlFor = 'tim-bai';
  say(label, words.search);
  var input = doc.createElement('input');
  input.type = 'search';
  input.id = 'tim-bai';
  input.setAttribute('autocomplete', 'off');
  input.setAttribute('spellcheck', 'false');
  var status = doc.createElement('p');
  status.className = 'search-status';
  status.setAttribute('role', 'status');
  var results = doc.createElement('ul');
  results.className = 'search-results';
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(status);
  form.appendChild(results);
  var heading = main.querySelector('h2');
  if (heading) main.insertBefore(form, heading);
  else main.appendChild(form);

  function run() {
    var wanted = terms(input.value);
    while (results.firstChild) results.removeChild(results.firstChild);
    if (!wanted.length) {
      status.textContent = '';
      status.removeAttribute('lang');
      return;
    }
    var own = [];
    var other = [];
    for (var i = 0; i < index.lessons.length; i++) {
      var lesson = index.lessons[i];  // [lang, id, title, key, [[step title, key], ...]]
      var into = lesson[0] === lang ? own : other;
      if (matches(wanted, lesson[3])) into.push([lesson[0], link(lesson[0], lesson[1], ''), lesson[2]]);
      for (var s = 0; s < lesson[4].length; s++)
        if (matches(wanted, lesson[4][s][1]))
          into.push([lesson[0], link(lesson[0], lesson[1], '#buoc-' + (s + 1)),
                     lesson[2] + ' \u2014 ' + words.step[0] + ' ' + (s + 1) + ': ' + lesson[4][s][0]]);
    }
    var hits = own.concat(other).slice(0, 30);
    for (var h = 0; h < hits.length; h++) {
      var item = doc.createElement('li');
      var a = doc.createElement('a');
      a.href = hits[h][1];
      if (hits[h][0] !== lang) {
        a.setAttribute('lang', hits[h][0]);
        a.setAttribute('hreflang', hits[h][0]);
      }
      a.appendChild(doc.createTextNode(hits[h][2]));
      item.appendChild(a);
      results.appendChild(item);
    }
    if (hits.length) say(status, words.found, words.found[0].split('{n}').join(String(own.length + other.length)));
    else say(status, words.none);
  }
  input.addEventListener('input', run);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    run();
  });
  if (input.value) run();
