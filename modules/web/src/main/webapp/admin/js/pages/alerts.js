import { api, badge, el, fields, fill, link, named, notice, onSubmit, param, setParams, start, table, time } from '../vigil.js';

// Alerts, most recently changed first, filtered by state and severity (kept in the address). A
// firing alert can be acknowledged with a comment, or silenced by its labels for a while.
await start();
const page = document.getElementById('page');
const filter = { state: param('state') || 'firing', severity: param('severity') || '', alert: param('alert') || '' };
const form = el('form', { class: 'inline', role: 'search' },
  el('label', {}, 'State', el('select', { name: 'state' }, ['', 'firing', 'acknowledged', 'resolved'].map(s =>
    el('option', { value: s, selected: s === filter.state }, s || 'any')))),
  el('label', {}, 'Severity', el('select', { name: 'severity' }, ['', 'critical', 'warning', 'info'].map(s =>
    el('option', { value: s, selected: s === filter.severity }, s || 'any')))),
  el('button', { type: 'submit' }, 'Filter'));
const status = el('div', { 'aria-live': 'polite', id: 'status' });
const list = el('section', { 'aria-live': 'polite' });
const detail = el('section', { 'aria-live': 'polite' });
page.replaceChildren(form, status, detail, list);

form.addEventListener('submit', event => {
  event.preventDefault();
  Object.assign(filter, { state: '', severity: '' }, fields(form));
  load();
});

function load() {
  setParams(filter);
  const query = new URLSearchParams(Object.entries({ state: filter.state, severity: filter.severity }).filter(([, v]) => v));
  query.set('limit', '100');
  fill(list, async () => table([
    ['Alert', a => el('a', { href: '#', onclick: e => { e.preventDefault(); open(a.id); } }, named(a.name, 'alert ' + a.id))],
    ['Severity', a => badge(a.severity)], ['State', a => badge(a.state)], ['Source', a => a.source],
    ['Labels', a => Object.entries(a.labels || {}).map(([k, v]) => k + '=' + v).join(', ')],
    ['Since', a => time(a.startsAt)], ['Raised', a => String(a.raises), { num: true }]],
  await api('v1/admin/alerts?' + query), 'No alert matches.'));
  if (filter.alert) open(filter.alert);
}

function open(id) {
  filter.alert = id;
  setParams(filter);
  fill(detail, async () => {
    const { alert, transitions } = await api('v1/admin/alerts/' + encodeURIComponent(id));
    const ack = el('form', { class: 'inline', 'aria-label': 'Acknowledge' },
      el('label', {}, 'Comment', el('input', { name: 'comment', required: true, maxlength: 1000, size: 30 })),
      el('label', {}, 'For', el('input', { name: 'for', value: '2h', size: 5 })),
      el('button', { type: 'submit' }, 'Acknowledge'));
    onSubmit(ack, status, async values => {
      await api('v1/admin/alerts/' + encodeURIComponent(id) + '/ack', { method: 'POST', body: values });
      load();
      return notice('Acknowledged: no repeats until it resolves or the acknowledgement runs out.');
    });
    const silence = el('form', { class: 'inline', 'aria-label': 'Silence' },
      el('label', {}, 'Silence for', el('input', { name: 'duration', value: '1h', size: 5 })),
      el('label', {}, 'Why', el('input', { name: 'comment', required: true, maxlength: 1000, size: 30 })),
      el('button', { type: 'submit', class: 'secondary' }, 'Silence its labels'));
    onSubmit(silence, status, async values => {
      const matchers = Object.entries(alert.labels || {}).map(([k, v]) => k + '="' + v.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"');
      await api('v1/admin/alerting/silences', { method: 'POST', body: { matchers, duration: values.duration, comment: values.comment } });
      load();
      return notice('Silenced for ' + values.duration + '.');
    });
    return [el('h2', {}, alert.name, ' ', badge(alert.state), ' ', badge(alert.severity)),
      el('p', {}, Object.entries(alert.annotations || {}).map(([k, v]) => el('span', {}, el('strong', {}, k + ': '),
        k === 'runbook' || k === 'runbook_url' ? link(v) : v, ' '))),
      alert.acknowledgement ? el('p', {}, 'Acknowledged by ', alert.acknowledgement.by, ' until ', time(alert.acknowledgement.until),
        ': ', alert.acknowledgement.comment) : null,
      alert.state === 'firing' ? [ack, silence] : null,
      el('h3', {}, 'History'),
      table([['At', t => time(t.at)], ['From', t => t.from || '—'], ['To', t => t.to], ['By', t => t.actor || '—'],
        ['Note', t => t.note || '']], transitions)];
  });
}

load();
