// Headless Chromium's own EventSource against an ssekit hub, driven by playwright-core with the system
// chromium. Usage: node chromium-test.mjs <hub base URL> <page origin URL> <screenshot path>
// Prints one JSON line per step; exits 0 when every step held, 1 otherwise.
import { chromium } from 'playwright-core';

const [hub, otherOrigin, screenshot] = process.argv.slice(2);
const say = (step, detail = '') => process.stdout.write(JSON.stringify({ step, detail }) + '\n');
const admin = (path, body) => fetch(hub + path, {
  method: body === undefined ? 'GET' : 'POST',
  headers: { Authorization: 'Bearer demo-admin', 'Content-Type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
}).then((r) => r.json());

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const deadline = setTimeout(() => { say('timeout'); process.exit(1); }, 60_000);
try {
  // 1. A page from another origin: the query-token path and CORS, and the browser's own reconnect.
  const page = await browser.newPage();
  await page.goto(otherOrigin);
  await page.evaluate((url) => {
    window.seen = [];
    window.opens = 0;
    window.errors = 0;
    const source = new EventSource(url + '/v1/sse?token=demo-token&client_id=browser');
    source.onopen = () => { window.opens++; };
    source.onerror = () => { window.errors++; };
    source.addEventListener('interop', (e) => window.seen.push(e.lastEventId + ' ' + e.data));
  }, hub);
  await page.waitForFunction(() => window.opens === 1, null, { timeout: 10_000 });
  const first = await admin('/v1/admin/broadcast', { event: 'interop', data: 'live' });
  await page.waitForFunction(() => window.seen.length === 1, null, { timeout: 10_000 });
  say('cross-origin stream', JSON.stringify(await page.evaluate(() => window.seen)));
  await admin('/v1/admin/faults', { type: 'disconnect', client_id: 'browser' });
  await page.waitForFunction(() => window.errors >= 1, null, { timeout: 10_000 }); // it is away now
  const missed = await admin('/v1/admin/broadcast', { event: 'interop', data: 'missed' });
  await page.waitForFunction(() => window.opens >= 2 && window.seen.length >= 2, null, { timeout: 15_000 });
  const seen = await page.evaluate(() => window.seen);
  if (seen.length !== 2 || seen[0] !== first.id + ' live' || seen[1] !== missed.id + ' missed') {
    throw new Error('cross-origin reconnect saw ' + JSON.stringify(seen));
  }
  say('browser reconnected with Last-Event-ID and got the missed event', JSON.stringify(seen));

  // 2. The hub's console page: connect, publish, see it, inject a disconnect, see the replay.
  const consolePage = await browser.newPage();
  await consolePage.goto(hub + '/');
  await consolePage.click('#connect');
  await consolePage.waitForFunction(() => document.querySelector('#state').textContent === 'open', null, { timeout: 10_000 });
  await consolePage.fill('#data', 'from the console');
  await consolePage.click('#broadcast');
  await consolePage.waitForFunction(() => document.querySelector('#events').textContent.includes('from the console'),
    null, { timeout: 10_000 });
  say('console published and showed the event');
  await consolePage.click('button[data-fault=\'{"type":"disconnect"}\']');
  await consolePage.waitForFunction(() => document.querySelector('#state').textContent === 'connecting',
    null, { timeout: 10_000 });
  await admin('/v1/admin/broadcast', { event: 'note', data: 'sent while the console was away' });
  await consolePage.waitForFunction(() => document.querySelector('#events').textContent.includes('while the console was away'),
    null, { timeout: 15_000 });
  await consolePage.waitForFunction(() => document.querySelector('#clients').textContent.includes('console'),
    null, { timeout: 10_000 });
  say('console replayed the missed event after the injected disconnect');
  await consolePage.screenshot({ path: screenshot, fullPage: true });
  say('screenshot', screenshot);
  clearTimeout(deadline);
  await browser.close();
  process.exit(0);
} catch (e) {
  say('failed', String(e && e.message || e));
  await browser.close();
  process.exit(1);
}
