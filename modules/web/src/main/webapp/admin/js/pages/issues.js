import { api, badge, el, fields, fill, named, param, setParams, start, table, time } from '../vigil.js';

// Issue groups, most recently seen first: filter by status, app, version and text; the filters and
// the page live in the address, so a view can be shared as a link.
const session = await start();
const page = document.getElementById('page');
const names = session.roles.includes('admin') ? await appNames() : new Map();

const filter = { status: param('status') || '', app: param('app') || '', appVersion: param('appVersion') || '',
  q: param('q') || '', before: param('before') || '' };
const form = el('form', { class: 'inline', role: 'search' },
  el('label', {}, 'Status', el('select', { name: 'status' }, ['', 'new', 'triaged', 'resolved', 'ignored'].map(s =>
    el('option', { value: s, selected: s === filter.status }, s || 'any')))),
  el('label', {}, 'App', names.size
    ? el('select', { name: 'app' }, el('option', { value: '' }, 'any'),
      [...names].map(([id, name]) => el('option', { value: id, selected: id === filter.app }, name)))
    : el('input', { name: 'app', value: filter.app, size: 14, placeholder: 'app id' })),
  el('label', {}, 'App version', el('input', { name: 'appVersion', value: filter.appVersion, size: 10 })),
  el('label', {}, 'Text', el('input', { name: 'q', value: filter.q, type: 'search' })),
  el('button', { type: 'submit' }, 'Filter'));
const results = el('section', { 'aria-live': 'polite' });
page.replaceChildren(form, results);

form.addEventListener('submit', event => {
  event.preventDefault();
  Object.assign(filter, { status: '', app: '', appVersion: '', q: '' }, fields(form), { before: '' });
  load();
});

function load() {
  setParams(filter);
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v));
  query.set('limit', '25');
  fill(results, async () => {
    const groups = await api('v1/issue-groups?' + query);
    return [table([
      ['Issue', g => el('a', { href: 'issue.html?id=' + encodeURIComponent(g.id) }, named(g.title, 'issue ' + g.id))],
      ['Status', g => badge(g.status)], ['Assignee', g => g.assignee || '—'],
      ['App', g => names.get(g.appId) || g.appId], ['Reports', g => String(g.reports), { num: true }],
      ['Last seen', g => time(g.lastSeen)]], groups.items, 'No issue matches these filters.'),
    el('nav', { class: 'pager', 'aria-label': 'Pages of issues' },
      filter.before ? el('button', { type: 'button', class: 'secondary', onclick: () => { filter.before = ''; load(); } }, 'First page') : null,
      groups.next ? el('button', { type: 'button', class: 'secondary', onclick: () => { filter.before = groups.next; load(); } }, 'Older') : null)];
  });
}

async function appNames() {
  const apps = await api('v1/admin/apps');
  return new Map(apps.map(a => [a.id, a.name]));
}

load();
