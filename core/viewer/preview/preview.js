(function () {
  'use strict';
  // hocso preview only: `hocso preview` adds this script to the pages it
  // serves; no bundle has it. It reloads the page when its sources change
  // (Server-Sent Events), draws each picture's overlays (`screens:` in the
  // front matter) over it, and lets the writer drag a rectangle over a
  // picture to get the `highlight:` / `redact:` line for it, in pixels of the
  // source picture. Everything from the sources is put in as text, never as
  // markup.
  var doc = document;
  var data = doc.getElementById('hocso-preview');
  if (!data || !window.EventSource) return;
  var page = data.getAttribute('data-page') || '';
  var version = data.getAttribute('data-version') || '0';
  var screens = {};
  try {
    screens = JSON.parse(data.getAttribute('data-screens') || '{}') || {};
  } catch (e) {
    screens = {};
  }
  var root = doc.documentElement;
  function addClass(el, name) { if ((' ' + el.className + ' ').indexOf(' ' + name + ' ') < 0) el.className += ' ' + name; }
  function removeClass(el, name) { el.className = (' ' + el.className + ' ').replace(' ' + name + ' ', ' ').replace(/^ +| +$/g, ''); }
  function element(tag, className, text) {
    var el = doc.createElement(tag);
    if (className) el.className = className;
    if (text) el.appendChild(doc.createTextNode(text));
    return el;
  }

  // ---- Reloading -------------------------------------------------------------
  // A lesson page opens again at the step that was edited; otherwise at the
  // screen the reader was on (the viewer keeps it on this device when the
  // address has no #buoc-N).
  function reloadAt(step) {
    if (window.history && history.replaceState && /\.html$/.test(page) && !/(^|\/)index\.html$/.test(page)) {
      var path = location.pathname + location.search;
      history.replaceState(null, '', step > 0 ? path + '#buoc-' + step : path);
    }
    location.reload();
  }
  // A page follows the preview while it is on screen: a browser opens at most
  // six connections to one address, and each stream holds one. A page shown
  // again asks at once whether it changed meanwhile (its version).
  var events = null;
  function follow() {
    if (events) return;
    events = new EventSource('/hocso-preview/events/' + page + '/' + version);
    events.onmessage = function (event) {
      var message = null;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      var pages = message && message.pages;
      if (!pages || !Object.prototype.hasOwnProperty.call(pages, page)) return;
      unfollow();
      reloadAt(typeof pages[page] === 'number' ? pages[page] : 0);
    };
    events.onopen = function () { removeClass(root, 'preview-offline'); };
    events.onerror = function () { addClass(root, 'preview-offline'); };
  }
  function unfollow() {
    if (events) events.close();
    events = null;
  }
  doc.addEventListener('visibilitychange', function () {
    if (doc.visibilityState === 'hidden') unfollow();
    else follow();
  });
  if (doc.visibilityState !== 'hidden') follow();

  // ---- Overlays and the rectangle picker -----------------------------------
  var FRAME = 8;  // the highlight frame's width in source pixels, outside the rectangle (as the build draws it)

  function rectangles(list) {
    var out = [];
    if (!list || typeof list.length !== 'number') return out;
    for (var i = 0; i < list.length; i++) {
      var r = list[i];
      if (r && r.length === 4 && typeof r[0] === 'number' && typeof r[1] === 'number' &&
          typeof r[2] === 'number' && typeof r[3] === 'number') out.push(r);
    }
    return out;
  }

  // Where the picture is drawn inside its <img> (object-fit: contain centres
  // it), in the window's CSS pixels, and how many of them a source pixel takes.
  function pictureBox(img) {
    var w = img.naturalWidth, h = img.naturalHeight;
    var box = img.getBoundingClientRect();
    var cw = img.clientWidth, ch = img.clientHeight;
    if (!w || !h || !cw || !ch) return null;
    var scale = Math.min(cw / w, ch / h);
    return {
      left: box.left + img.clientLeft + (cw - w * scale) / 2,
      top: box.top + img.clientTop + (ch - h * scale) / 2,
      scale: scale, width: w, height: h
    };
  }

  function clamp(v, low, high) { return v < low ? low : v > high ? high : v; }

  // A point of the window in source pixels, inside the picture.
  function sourcePoint(box, clientX, clientY) {
    return {
      x: clamp(Math.round((clientX - box.left) / box.scale), 0, box.width),
      y: clamp(Math.round((clientY - box.top) / box.scale), 0, box.height)
    };
  }

  function place(el, x, y, w, h, scale) {
    el.style.left = (x * scale) + 'px';
    el.style.top = (y * scale) + 'px';
    el.style.width = (w * scale) + 'px';
    el.style.height = (h * scale) + 'px';
  }

  var picker = null;  // the box with the lines, once a rectangle was drawn
  function closePicker() {
    if (picker && picker.parentNode) picker.parentNode.removeChild(picker);
    picker = null;
  }

  function copyText(text, button) {
    function done() { button.textContent = 'Đã chép'; }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () {});
    }
  }

  function showLines(file, box, r) {
    closePicker();
    var rect = '[[' + r.x + ', ' + r.y + ', ' + r.w + ', ' + r.h + ']]';
    picker = element('div', 'preview-picker');
    picker.setAttribute('role', 'dialog');
    picker.setAttribute('aria-label', 'Khung vừa vẽ');
    picker.setAttribute('lang', 'vi');
    var top = element('div', 'preview-picker-top');
    top.appendChild(element('p', 'preview-picker-where', file + ' · ảnh gốc ' + box.width + ' × ' + box.height + ' điểm ảnh'));
    var close = element('button', 'preview-picker-close', 'Đóng');
    close.type = 'button';
    close.addEventListener('click', closePicker);
    top.appendChild(close);
    picker.appendChild(top);
    var kinds = ['highlight', 'redact'];
    for (var i = 0; i < kinds.length; i++) {
      var line = element('p', 'preview-picker-line');
      var code = element('code', 'preview-line-' + kinds[i], kinds[i] + ': ' + rect);
      var copy = element('button', 'preview-copy', 'Chép');
      copy.type = 'button';
      (function (text, button) {
        button.addEventListener('click', function () { copyText(text, button); });
      })(code.textContent, copy);
      line.appendChild(code);
      line.appendChild(copy);
      picker.appendChild(line);
    }
    doc.body.appendChild(picker);
  }

  function setupPicture(img, screen) {
    var holder = img.parentNode;
    if (!holder) return;
    addClass(holder, 'preview-picture');
    var overlays = screen.overlays || {};
    var layer = element('div', 'preview-layer');
    layer.setAttribute('title', 'Kéo chuột trên ảnh để lấy toạ độ một khung');
    var drawn = [];  // [element, x, y, w, h]
    var highlights = rectangles(overlays.highlight);
    var redacts = rectangles(overlays.redact);
    for (var i = 0; i < redacts.length; i++) {
      var r = redacts[i];
      drawn.push([layer.appendChild(element('div', 'preview-redact')), r[0], r[1], r[2], r[3]]);
    }
    var frames = [];
    for (var j = 0; j < highlights.length; j++) {
      var h = highlights[j];
      var frame = layer.appendChild(element('div', 'preview-highlight'));
      frames.push(frame);
      drawn.push([frame, h[0] - FRAME, h[1] - FRAME, h[2] + 2 * FRAME, h[3] + 2 * FRAME]);
    }
    var label = null;
    if (typeof overlays.label === 'string' && overlays.label) {
      label = layer.appendChild(element('div', 'preview-label', overlays.label));
    }
    var selection = null;
    var selected = null;  // the rectangle drawn last, in source pixels
    holder.appendChild(layer);

    function draw() {
      var box = pictureBox(img);
      if (!box) { layer.style.display = 'none'; return; }
      var around = holder.getBoundingClientRect();
      layer.style.display = '';
      layer.style.left = (box.left - around.left - holder.clientLeft) + 'px';
      layer.style.top = (box.top - around.top - holder.clientTop) + 'px';
      layer.style.width = (box.width * box.scale) + 'px';
      layer.style.height = (box.height * box.scale) + 'px';
      for (var k = 0; k < drawn.length; k++) place(drawn[k][0], drawn[k][1], drawn[k][2], drawn[k][3], drawn[k][4], box.scale);
      var border = Math.max(2, FRAME * box.scale) + 'px';
      for (var f = 0; f < frames.length; f++) frames[f].style.borderWidth = border;
      if (selection && selected) place(selection, selected.x, selected.y, selected.w, selected.h, box.scale);
      if (label) {
        // The build's label: DejaVu Sans Bold of a 24th of the picture's width
        // (16 px at least), a third of that around it, under the first
        // highlight's frame, else above it, else at the bottom.
        var size = Math.max(16, Math.floor(box.width / 24));
        var pad = Math.floor(size / 3);
        label.style.fontSize = (size * box.scale) + 'px';
        label.style.padding = (pad * box.scale) + 'px';
        label.style.maxWidth = (box.width * box.scale) + 'px';
        var bw = label.offsetWidth / box.scale, bh = label.offsetHeight / box.scale;
        var first = highlights[0];
        var x = first ? clamp(first[0] - FRAME, 0, Math.max(0, box.width - bw)) : Math.max(0, (box.width - bw) / 2);
        var y = first ? first[1] + first[3] + 2 * FRAME : Math.max(0, box.height - bh - FRAME);
        if (first && y + bh > box.height) y = first[1] - 2 * FRAME - bh;
        if (y < 0) y = Math.max(0, box.height - bh);
        label.style.left = (x * box.scale) + 'px';
        label.style.top = (y * box.scale) + 'px';
      }
    }

    var start = null;
    var moved = false;
    var dragBox = null;
    function end(event) {
      if (!start) return;
      var from = start;
      start = null;
      if (!moved) {
        if (selection) selection.style.display = 'none';
        img.click();  // a tap without a drag: the viewer enlarges the picture
        return;
      }
      var to = sourcePoint(dragBox, event.clientX, event.clientY);
      var r = { x: Math.min(from.x, to.x), y: Math.min(from.y, to.y), w: Math.abs(to.x - from.x), h: Math.abs(to.y - from.y) };
      if (r.w < 1 || r.h < 1) return;
      selected = r;
      place(selection, r.x, r.y, r.w, r.h, dragBox.scale);
      showLines(screen.file || img.getAttribute('src'), dragBox, r);
    }
    layer.addEventListener('pointerdown', function (event) {
      if (event.button !== 0) return;
      dragBox = pictureBox(img);
      if (!dragBox) return;
      event.preventDefault();
      event.stopPropagation();
      start = sourcePoint(dragBox, event.clientX, event.clientY);
      start.clientX = event.clientX;
      start.clientY = event.clientY;
      moved = false;
      if (layer.setPointerCapture) layer.setPointerCapture(event.pointerId);
    });
    layer.addEventListener('pointermove', function (event) {
      if (!start) return;
      if (Math.abs(event.clientX - start.clientX) + Math.abs(event.clientY - start.clientY) < 4 && !moved) return;
      moved = true;
      if (!selection) selection = layer.appendChild(element('div', 'preview-selection'));
      selection.style.display = '';
      var to = sourcePoint(dragBox, event.clientX, event.clientY);
      place(selection, Math.min(start.x, to.x), Math.min(start.y, to.y), Math.abs(to.x - start.x),
            Math.abs(to.y - start.y), dragBox.scale);
    });
    layer.addEventListener('pointerup', end);
    layer.addEventListener('pointercancel', function () { start = null; });
    // A drag on a picture is not a swipe to the next step.
    layer.addEventListener('touchstart', function (event) { event.stopPropagation(); });
    layer.addEventListener('touchend', function (event) { event.stopPropagation(); });
    layer.addEventListener('dragstart', function (event) { event.preventDefault(); });

    if (window.ResizeObserver) new ResizeObserver(draw).observe(img);
    img.addEventListener('load', draw);
    window.addEventListener('resize', draw);
    draw();
  }

  var images = doc.querySelectorAll('main img');
  for (var i = 0; i < images.length; i++) {
    var src = images[i].getAttribute('src');
    if (src && Object.prototype.hasOwnProperty.call(screens, src)) setupPicture(images[i], screens[src]);
  }
  doc.addEventListener('keydown', function (event) {
    if (picker && event.keyCode === 27) closePicker();
  });
})();
