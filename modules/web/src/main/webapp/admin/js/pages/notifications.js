import { api, badge, el, fields, fill, param, setParams, start, table, time } from '../vigil.js';

// The notification log: every notification with its channel, attempts, outcome, latency and last
// error; one with the message it sends.
await start();
const page = document.getElementById('page');
const filter = { status: param('status') || '', channel: param('channel') || '', notification: param('notification') || '' };
const form = el('form', { class: 'inline', role: 'search' },
  el('label', {}, 'Outcome', el('select', { name: 'status' }, ['', 'queued', 'retrying', 'delivered', 'failed'].map(s =>
    el('option', { value: s, selected: s === filter.status }, s || 'any')))),
  el('label', {}, 'Channel', el('input', { name: 'channel', value: filter.channel, size: 16 })),
  el('button', { type: 'submit' }, 'Filter'));
const list = el('section', { 'aria-live': 'polite' });
const detail = el('section', { 'aria-live': 'polite', id: 'detail' });
page.replaceChildren(form, detail, list);
form.addEventListener('submit', event => {
  event.preventDefault();
  Object.assign(filter, { status: '', channel: '' }, fields(form));
  load();
});

function load() {
  setParams(filter);
  const query = new URLSearchParams(Object.entries({ status: filter.status, channel: filter.channel }).filter(([, v]) => v));
  query.set('limit', '100');
  fill(list, async () => table([
    ['Created', n => el('a', { href: '#detail', onclick: e => { e.preventDefault(); open(n.id); } }, time(n.createdAt))],
    ['Channel', n => n.channel + ' (' + n.channelType + ')'], ['Outcome', n => badge(n.status)],
    ['Firing / resolved', n => n.firing + ' / ' + n.resolved, { num: true }], ['Attempts', n => String(n.attempts), { num: true }],
    ['Latency', n => n.latencyMs === null || n.latencyMs === undefined ? '—' : n.latencyMs + ' ms', { num: true }],
    ['Last error', n => n.lastError || '']], await api('v1/admin/alerting/notifications?' + query), 'No notification yet.'));
  if (filter.notification) open(filter.notification);
}

function open(id) {
  filter.notification = id;
  setParams(filter);
  fill(detail, async () => {
    const { notification, message } = await api('v1/admin/alerting/notifications/' + encodeURIComponent(id));
    return [el('h2', {}, 'Notification to ', notification.channel, ' ', badge(notification.status)), el('pre', { tabindex: 0 }, message || '')];
  });
}

load();
