// hocso record's page: one part of a lesson at a time, in large text, with
// Record / Stop / Play back / Save and Previous / Next. The texts come from
// script.json (the same as `hocso audio list`) and are put in with
// textContent only. A take is recorded with MediaRecorder (Chromium makes
// WebM/Opus, which hocso's libsndfile cannot read), decoded here with
// AudioContext.decodeAudioData and sent as mono float32 samples with their
// sample rate; hocso checks it and saves it as FLAC beside its .source.
// document.body.dataset.state says what the page is doing (for tests):
// loading, idle, recording, recorded, saving, saved, error.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m));
  let data = null;
  let words = {};
  const parts = [];  // {lesson, unit} in page order
  let at = 0;
  let stream = null;
  let recorder = null;
  let take = null;       // the last take (a Blob), until it is saved or left
  let takeUrl = null;
  let leaveArmed = false;  // a second press leaves an unsaved take
  let ticker = null;

  function setState(state) { document.body.dataset.state = state; }
  function say(text) { $('status').textContent = text; }

  function dropTake() {
    if (takeUrl) URL.revokeObjectURL(takeUrl);
    take = null;
    takeUrl = null;
    $('take').removeAttribute('src');
    leaveArmed = false;
  }

  function show() {
    const { lesson, unit } = parts[at];
    $('lesson').value = lesson.lesson;
    $('unit-name').textContent = unit.name;
    $('position').textContent = '(' + fill(words.position, { n: at + 1, total: parts.length }) + ')';
    $('state').textContent = words['state_' + unit.recording] || '';
    $('state').className = 'state ' + unit.recording;
    const text = $('text');
    text.textContent = '';
    for (const line of unit.lines) {
      const p = document.createElement('p');
      p.textContent = line.text;
      p.lang = line.lang;
      if (line.lang !== data.language) p.className = 'fallback';
      text.appendChild(p);
    }
    const note = $('fallback');
    const untranslated = unit.lang !== data.language;
    note.hidden = !unit.fallback;
    if (unit.fallback) {
      const shown = untranslated ? unit.lang : unit.lines.find((l) => l.lang !== data.language).lang;
      note.textContent = fill(untranslated ? words.fallback : words.mixed, { language: data.language, shown });
    }
    location.replace('#' + lesson.lesson + '/' + unit.unit);
    buttons(untranslated ? 'untranslated' : 'idle');
  }

  // Which buttons can be pressed in each state.
  function buttons(state) {
    const recording = state === 'recording';
    const busy = recording || state === 'saving';
    $('record').disabled = busy || state === 'untranslated';
    $('stop').disabled = !recording;
    $('play').disabled = busy || !take;
    $('save').disabled = busy || !take;
    $('previous').disabled = busy || at === 0;
    $('next').disabled = busy || at === parts.length - 1;
    $('lesson').disabled = busy;
    setState(state === 'untranslated' ? 'idle' : state);
  }

  async function startRecording() {
    dropTake();
    try {
      if (!stream) {
        // The voice as the microphone hears it: loudness is evened out by hocso build.
        stream = await navigator.mediaDevices.getUserMedia({
          audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
        });
      }
    } catch (e) {
      say(fill(words.no_microphone, { reason: e.message || e.name }));
      setState('error');
      return;
    }
    const chunks = [];
    recorder = new MediaRecorder(stream);
    recorder.ondataavailable = (e) => { if (e.data && e.data.size > 0) chunks.push(e.data); };
    const started = performance.now();
    recorder.onstop = () => {
      clearInterval(ticker);
      take = new Blob(chunks, { type: recorder.mimeType });
      takeUrl = URL.createObjectURL(take);
      $('take').src = takeUrl;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      say(fill(words.recorded, { seconds }));
      buttons('recorded');
    };
    recorder.start();
    buttons('recording');
    const tick = () => say(fill(words.recording, { seconds: Math.floor((performance.now() - started) / 1000) }));
    tick();
    ticker = setInterval(tick, 250);
  }

  async function save() {
    const { lesson, unit } = parts[at];
    buttons('saving');
    say(words.saving);
    let samples;
    let rate;
    try {
      // 48 kHz whatever the microphone's rate: a take's size stays bounded.
      const context = new AudioContext({ sampleRate: 48000 });
      const decoded = await context.decodeAudioData(await take.arrayBuffer());
      context.close();
      rate = decoded.sampleRate;
      samples = new Float32Array(decoded.length);
      for (let c = 0; c < decoded.numberOfChannels; c++) {
        const channel = decoded.getChannelData(c);
        for (let i = 0; i < channel.length; i++) samples[i] += channel[i] / decoded.numberOfChannels;
      }
    } catch (e) {
      say(fill(words.cannot_decode, { reason: e.message || e.name }));
      buttons('recorded');
      setState('error');
      return;
    }
    let answer;
    try {
      const query = new URLSearchParams({ lesson: lesson.lesson, unit: unit.unit, rate: String(rate) });
      const response = await fetch('take?' + query, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: samples,
      });
      answer = await response.json();
    } catch (e) {
      answer = { ok: false, error: e.message || e.name };
    }
    if (!answer.ok) {
      say(fill(words.not_saved, { reason: answer.error }));
      buttons('recorded');
      setState('error');
      return;
    }
    unit.recording = answer.recording;
    unit.recording_file = answer.file;
    dropTake();
    show();
    say(fill(words.saved, { file: answer.file }));
    setState('saved');
  }

  // Moves to part `to`; an unsaved take is left only on a second press.
  function go(to) {
    if (to < 0 || to >= parts.length) return;
    if (take && !leaveArmed) {
      leaveArmed = true;
      say(words.leave_unsaved);
      return;
    }
    dropTake();
    at = to;
    say('');
    show();
  }

  async function start() {
    setState('loading');
    data = await (await fetch('script.json', { cache: 'no-store' })).json();
    words = data.words;
    for (const lesson of data.lessons) {
      const option = document.createElement('option');
      option.value = lesson.lesson;
      option.textContent = lesson.title;
      option.lang = lesson.title_lang;
      $('lesson').appendChild(option);
      for (const unit of lesson.units) parts.push({ lesson, unit });
    }
    // Back at the part shown before a reload.
    const [lessonId, unitId] = decodeURIComponent(location.hash.slice(1)).split('/');
    const found = parts.findIndex((p) => p.lesson.lesson === lessonId && p.unit.unit === unitId);
    at = found >= 0 ? found : 0;
    $('record').addEventListener('click', startRecording);
    $('stop').addEventListener('click', () => { if (recorder && recorder.state !== 'inactive') recorder.stop(); });
    $('play').addEventListener('click', () => { const a = $('take'); a.currentTime = 0; a.play(); });
    $('save').addEventListener('click', save);
    $('previous').addEventListener('click', () => go(at - 1));
    $('next').addEventListener('click', () => go(at + 1));
    $('lesson').addEventListener('change', (e) => {
      const first = parts.findIndex((p) => p.lesson.lesson === e.target.value);
      if (take && !leaveArmed) $('lesson').value = parts[at].lesson.lesson;
      go(first);
    });
    if (parts.length === 0) return;
    show();
  }

  start().catch((e) => {
    say(String(e && e.message || e));
    setState('error');
  });
})();
