import { action, api, badge, el, fill, named, notice, param, setParams, start, table, time } from '../vigil.js';

// The checks grid (healthchecks.io's): every job check with its status and last ping; one check's
// ping log, and pause or resume.
await start();
const page = document.getElementById('page');
const status = el('div', { 'aria-live': 'polite' });
const grid = el('section', { 'aria-live': 'polite' });
const log = el('section', { 'aria-live': 'polite', id: 'log' });
page.replaceChildren(status, grid, log);
const filter = { check: param('check') || '' };

function load() {
  fill(grid, async () => table([
    ['Check', c => el('a', { href: '#log', onclick: e => { e.preventDefault(); open(c); } }, named(c.name, 'check ' + c.uuid))],
    ['Status', c => badge(c.status)], ['Schedule', c => c.schedule ? c.schedule + ' (' + (c.tz || 'UTC') + ')' : every(c.timeout)],
    ['Grace', c => every(c.grace)], ['Last ping', c => time(c.last_ping)], ['Pings', c => String(c.n_pings), { num: true }],
    ['Action', c => c.status === 'paused' ? action('Resume', status, () => change(c, 'resume'), 'secondary')
      : action('Pause', status, () => change(c, 'pause'), 'secondary')]],
  await api('v1/admin/checks'), 'No check yet.'));
}

async function change(check, verb) {
  await api('v1/admin/checks/' + check.uuid + '/' + verb, { method: 'POST' });
  load();
  return notice(check.name + (verb === 'pause' ? ' paused.' : ' resumed.'));
}

function every(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds % 86400 === 0) return seconds / 86400 + ' d';
  if (seconds % 3600 === 0) return seconds / 3600 + ' h';
  if (seconds % 60 === 0) return seconds / 60 + ' min';
  return seconds + ' s';
}

function open(check) {
  filter.check = check.uuid;
  setParams(filter);
  fill(log, async () => [el('h2', {}, 'Ping log: ', check.name),
    el('p', {}, 'Ping URL: ', el('code', {}, check.ping_url)),
    table([['#', p => String(p.n ?? ''), { num: true }], ['Kind', p => badge(p.type || p.kind || 'success')],
      ['At', p => time(p.date || p.at)], ['Duration', p => p.duration === undefined || p.duration === null ? '—' : p.duration + ' s'],
      ['From', p => p.remote_addr || '—'], ['Body', p => p.body ? el('pre', { tabindex: 0 }, p.body) : '']],
    await api('v1/admin/checks/' + check.uuid + '/pings'), 'No pings yet.')]);
}

load();
if (filter.check) api('v1/admin/checks/' + encodeURIComponent(filter.check)).then(open, () => {});
