import { api, badge, el, fields, fill, link, param, setParams, start, table, time } from '../vigil.js';

// The release view of one app: per version, crash-free sessions and users, sync freshness, and the
// rollback triggers firing with their runbooks; admins also see every trigger's condition.
const session = await start();
const admin = session.roles.includes('admin');
const page = document.getElementById('page');
const filter = { app: param('app') || '', hours: param('hours') || '24' };
const form = el('form', { class: 'inline', role: 'search' },
  el('label', {}, 'App', el('input', { name: 'app', value: filter.app, size: 24, placeholder: 'app id', required: true })),
  el('label', {}, 'Hours', el('select', { name: 'hours' }, ['1', '6', '24', '72', '168'].map(h =>
    el('option', { value: h, selected: h === filter.hours }, h)))),
  el('button', { type: 'submit' }, 'Show'));
const results = el('section', { 'aria-live': 'polite', id: 'releases' });
const triggers = el('section', { 'aria-live': 'polite', id: 'triggers' });
page.replaceChildren(form, results, ...(admin ? [triggers] : []));

form.addEventListener('submit', event => {
  event.preventDefault();
  Object.assign(filter, fields(form));
  load();
});

const percent = value => value === undefined ? '—' : value.toFixed(2) + ' %';
const millis = value => value === undefined ? '—' : (value / 1000).toFixed(1) + ' s';

function load() {
  setParams(filter);
  if (!filter.app) {
    results.replaceChildren(el('p', { class: 'empty' }, 'Choose an app to see its releases.'));
    return;
  }
  fill(results, async () => {
    const to = new Date();
    const from = new Date(to.getTime() - Number(filter.hours) * 3600_000);
    const view = await api('v1/releases?' + new URLSearchParams({ app: filter.app, from: from.toISOString(), to: to.toISOString() }));
    return [table([['Version', v => el('strong', {}, v.version)], ['Sessions', v => String(v.sessions), { num: true }],
      ['Crashed', v => String(v.crashed), { num: true }], ['Crash-free sessions', v => percent(v.crashFreeSessions), { num: true }],
      ['Crash-free users', v => percent(v.crashFreeUsers), { num: true }], ['Sync lag p90', v => millis(v.syncLagP90), { num: true }],
      ['Fresh syncs', v => percent(v.freshSyncs), { num: true }],
      ['Rollback triggers', v => v.triggers.length === 0 ? 'none firing' : el('ul', {}, v.triggers.map(t =>
        el('li', {}, badge(t.firing ? 'firing' : 'error'), ' ', el('strong', {}, t.name), ' since ', time(t.since),
          t.description ? ' — ' + t.description : '', t.error ? ' (' + t.error + ')' : '', ' ',
          t.runbookUrl ? link(t.runbookUrl, 'runbook of ' + t.name) : '')))]],
    view.versions, 'No version of this app reported sessions or syncs in this range.')];
  });
}

if (admin) {
  fill(triggers, async () => [el('h2', {}, 'Rollback triggers'), table([['Trigger', t => el('strong', {}, t.name)],
    ['Condition', t => el('code', {}, t.expression)], ['Severity', t => badge(t.severity)],
    ['Enabled', t => t.enabled ? 'yes' : 'no'], ['App', t => t.app || 'every app'],
    ['Firing for', t => String(t.states.filter(s => s.firing).length), { num: true }]],
  await api('v1/admin/rollback-triggers'), 'No rollback trigger defined.')]);
}
load();
