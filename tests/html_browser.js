#!/usr/bin/env node
// html_browser: checks rendered HTML pages in headless Chromium, driven over
// the DevTools protocol on --remote-debugging-pipe (no puppeteer, no browser
// download, no network). For each page:
//   - axe-core (tests/tools/node_modules/axe-core) at 1024 px and at 375 px:
//     zero violations;
//   - at a 375 px phone viewport the page never scrolls sideways:
//     document.documentElement.scrollWidth <= 375;
//   - no script ran: no <script> element, no on* attribute, no window.nbPwned
//     (the test pages carry hostile text that would set it);
//   - each --expect-text string appears literally in the page's text;
//   - at both widths no number in a table cell wraps (all the client rects
//     of a digit run on one line).
// --screenshots DIR saves each page at both widths as PNG tiles (NAME-WIDTH-N.png).
// Usage: node tests/html_browser.js [--fragment] [--expect-text S]...
//                                   [--screenshots DIR] FILE.html...
// --fragment wraps each file (an embeddable fragment) in a minimal host page.
// Exit status: 0 all passed, 1 a check failed, 2 usage or environment error.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TOOLS = path.join(__dirname, 'tools', 'node_modules');
const PHONE = 375;
const DESKTOP = 1024;
const TIMEOUT_MS = 120000;

function usage(msg) {
  if (msg) console.error(`html_browser: ${msg}`);
  console.error('usage: node tests/html_browser.js [--fragment] [--expect-text S]... [--screenshots DIR] FILE.html...');
  process.exit(2);
}

function parseArgs(argv) {
  const o = { fragment: false, expect: [], screenshots: null, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--fragment') o.fragment = true;
    else if (a === '--expect-text') { if (++i >= argv.length) usage('--expect-text needs a value'); o.expect.push(argv[i]); }
    else if (a === '--screenshots') { if (++i >= argv.length) usage('--screenshots needs a folder'); o.screenshots = argv[i]; }
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else o.files.push(a);
  }
  if (!o.files.length) usage('no file given');
  return o;
}

// A DevTools protocol connection over the pipe: messages are JSON, each
// ended by a NUL byte; chromium reads fd 3 and writes fd 4.
class Cdp {
  constructor(proc) {
    this.proc = proc;
    this.out = proc.stdio[3];
    this.nextId = 1;
    this.pending = new Map();
    this.waiters = [];
    let buf = Buffer.alloc(0);
    proc.stdio[4].on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      let end;
      while ((end = buf.indexOf(0)) >= 0) {
        const msg = JSON.parse(buf.subarray(0, end).toString('utf8'));
        buf = buf.subarray(end + 1);
        this.dispatch(msg);
      }
    });
  }

  dispatch(msg) {
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result);
      return;
    }
    this.waiters = this.waiters.filter((w) => {
      if (w.method === msg.method && w.sessionId === msg.sessionId) { w.resolve(msg.params); return false; }
      return true;
    });
  }

  send(method, params = {}, sessionId) {
    const id = this.nextId++;
    const msg = { id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.out.write(JSON.stringify(msg) + '\0');
    });
  }

  // Resolves on the next event `method` of the session.
  once(method, sessionId) {
    return new Promise((resolve) => this.waiters.push({ method, sessionId, resolve }));
  }
}

async function evaluate(cdp, session, expression) {
  const r = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, session);
  if (r.exceptionDetails) {
    const d = r.exceptionDetails;
    throw new Error(`evaluation failed: ${d.exception && d.exception.description ? d.exception.description : d.text}`);
  }
  return r.result.value;
}

async function openPage(cdp, url, width, height) {
  const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
  await cdp.send('Page.enable', {}, sessionId);
  await cdp.send('Runtime.enable', {}, sessionId);
  // A phone is a mobile viewport, so the page's viewport meta applies.
  await cdp.send('Emulation.setDeviceMetricsOverride',
    { width, height, deviceScaleFactor: 1, mobile: width <= PHONE }, sessionId);
  const loaded = cdp.once('Page.loadEventFired', sessionId);
  const nav = await cdp.send('Page.navigate', { url }, sessionId);
  if (nav.errorText) throw new Error(`cannot load ${url}: ${nav.errorText}`);
  await loaded;
  // Let font loading settle before measuring.
  await evaluate(cdp, sessionId, 'document.fonts.ready.then(() => true)');
  return { targetId, sessionId };
}

// The whole page, in tiles of at most TILE px so an image viewer shows them
// at full size: BASE-WIDTH-1.png, BASE-WIDTH-2.png, ...
const TILE = 2000;
async function screenshot(cdp, sessionId, prefix) {
  const m = await cdp.send('Page.getLayoutMetrics', {}, sessionId);
  const size = m.cssContentSize || m.contentSize;
  for (let y = 0, n = 1; y < size.height; y += TILE, n++) {
    const shot = await cdp.send('Page.captureScreenshot', {
      format: 'png', captureBeyondViewport: true,
      clip: { x: 0, y, width: size.width, height: Math.min(TILE, size.height - y), scale: 1 },
    }, sessionId);
    fs.writeFileSync(`${prefix}-${n}.png`, Buffer.from(shot.data, 'base64'));
  }
}

const AXE_RUN = `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
})))`;

// Elements sticking out to the right of the viewport, outside a scrolling
// table region: what makes the page scroll sideways.
const OVERFLOW = `(() => {
  const w = document.documentElement.clientWidth, out = [];
  for (const e of document.body.querySelectorAll('*')) {
    if (e.closest('.nb-table-wrap') && !e.classList.contains('nb-table-wrap')) continue;
    const r = e.getBoundingClientRect();
    if (r.right > w + 0.5) out.push(e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' right=' + Math.round(r.right));
  }
  return { scrollWidth: document.documentElement.scrollWidth, clientWidth: w, culprits: out.slice(0, 10) };
})()`;

const SCRIPTS = `(() => {
  const ran = typeof window.nbPwned !== 'undefined';
  const scripts = document.querySelectorAll('script').length;
  const handlers = [];
  for (const e of document.querySelectorAll('*'))
    for (const a of e.attributes)
      if (/^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value)) handlers.push(e.tagName.toLowerCase() + '[' + a.name + ']');
  return { ran, scripts, handlers };
})()`;

// Digit runs of table cells laid out on more than one line.
const WRAPPED_NUMBERS = `(() => {
  const out = [];
  for (const cell of document.querySelectorAll('td, th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      for (const m of t.data.matchAll(/[0-9][0-9.,]*/g)) {
        const r = document.createRange();
        r.setStart(t, m.index);
        r.setEnd(t, m.index + m[0].length);
        const tops = new Set([...r.getClientRects()].map((q) => Math.round(q.top)));
        if (tops.size > 1) out.push(m[0]);
      }
    }
  }
  return out.slice(0, 10);
})()`;

function hostPage(fragmentFile, dir) {
  const html = '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>Fragment host</title>\n</head>\n' +
    '<body>\n<main>\n' + fs.readFileSync(fragmentFile, 'utf8') + '</main>\n</body>\n</html>\n';
  const file = path.join(dir, path.basename(fragmentFile, '.html') + '.host.html');
  fs.writeFileSync(file, html);
  return file;
}

async function checkFile(cdp, file, o, axeSource, tmp) {
  const problems = [];
  const page = o.fragment ? hostPage(file, tmp) : path.resolve(file);
  const url = pathToFileURL(page).href;
  const base = path.basename(file, '.html');
  const times = {};
  for (const width of [DESKTOP, PHONE]) {
    const { targetId, sessionId } = await openPage(cdp, url, width, 800);
    const tag = `${width}px`;
    if (width === PHONE) {
      const ov = await evaluate(cdp, sessionId, OVERFLOW);
      if (ov.scrollWidth > PHONE)
        problems.push(`${tag}: the page scrolls sideways (scrollWidth ${ov.scrollWidth} > ${PHONE}): ${ov.culprits.join(', ')}`);
      const js = await evaluate(cdp, sessionId, SCRIPTS);
      if (js.ran) problems.push('a script from the page text ran (window.nbPwned is set)');
      if (js.scripts) problems.push(`${js.scripts} <script> element(s) in the page`);
      if (js.handlers.length) problems.push(`event handler attributes: ${js.handlers.join(', ')}`);
      const text = await evaluate(cdp, sessionId, 'document.body.textContent');
      for (const s of o.expect) if (!text.includes(s)) problems.push(`text not found literally: ${JSON.stringify(s)}`);
    }
    const wrapped = await evaluate(cdp, sessionId, WRAPPED_NUMBERS);
    if (wrapped.length) problems.push(`${tag}: numbers broken across lines in table cells: ${wrapped.join(', ')}`);
    const t0 = Date.now();
    await evaluate(cdp, sessionId, axeSource + '\n;true');
    const violations = await evaluate(cdp, sessionId, AXE_RUN);
    times[tag] = Date.now() - t0;
    for (const v of violations) {
      problems.push(`${tag}: axe ${v.id} (${v.impact}): ${v.help}`);
      for (const n of v.nodes.slice(0, 5)) problems.push(`    ${n.target}: ${n.summary.replace(/\n/g, ' ')}`);
    }
    // axe leaves its globals behind: screenshots from a fresh load would be
    // identical, so take them here.
    if (o.screenshots) await screenshot(cdp, sessionId, path.join(o.screenshots, `${base}-${width}`));
    await cdp.send('Target.closeTarget', { targetId });
  }
  return { problems, times };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const axePath = path.join(TOOLS, 'axe-core', 'axe.min.js');
  if (!fs.existsSync(axePath)) {
    console.error(`html_browser: ${axePath} is missing: run npm ci --prefix tests/tools`);
    process.exit(2);
  }
  for (const f of o.files) if (!fs.existsSync(f)) usage(`no such file: ${f}`);
  if (o.screenshots) fs.mkdirSync(o.screenshots, { recursive: true });
  const axeSource = fs.readFileSync(axePath, 'utf8');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nb-html-browser-'));
  const proc = spawn(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-extensions', '--disable-default-apps', '--mute-audio', '--hide-scrollbars',
    `--user-data-dir=${path.join(tmp, 'profile')}`, '--remote-debugging-pipe', 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  const timer = setTimeout(() => {
    console.error(`html_browser: timed out after ${TIMEOUT_MS / 1000} s`);
    proc.kill('SIGKILL');
    process.exit(2);
  }, TIMEOUT_MS);
  proc.on('error', (e) => { console.error(`html_browser: cannot start ${CHROMIUM}: ${e.message}`); process.exit(2); });

  const cdp = new Cdp(proc);
  let failed = 0, status = 0;
  try {
    for (const f of o.files) {
      const t0 = Date.now();
      const { problems, times } = await checkFile(cdp, f, o, axeSource, tmp);
      const ms = Date.now() - t0;
      if (problems.length) {
        failed++;
        console.log(`FAIL ${f} (${ms} ms)`);
        for (const p of problems) console.log(`  ${p}`);
      } else {
        console.log(`ok   ${f} (${ms} ms; axe ${times[`${DESKTOP}px`]} ms at ${DESKTOP}px, ${times[`${PHONE}px`]} ms at ${PHONE}px)`);
      }
    }
    status = failed ? 1 : 0;
  } catch (e) {
    console.error(`html_browser: ${e.message}`);
    if (stderr) console.error(stderr.split('\n').slice(-10).join('\n'));
    status = 2;
  }
  try { await Promise.race([cdp.send('Browser.close'), new Promise((r) => setTimeout(r, 3000))]); } catch (e) { /* gone already */ }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (proc.exitCode === null) proc.kill('SIGKILL');
  clearTimeout(timer);
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`${o.files.length - failed} passed, ${failed} failed`);
  process.exit(status);
}

main();
