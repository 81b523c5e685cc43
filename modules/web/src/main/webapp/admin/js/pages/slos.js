import { api, badge, chart, el, fill, named, param, setParams, start, table, time } from '../vigil.js';

// SLOs with their status, burn rate per window and error budget left; one SLO's last hours as charts.
await start();
const page = document.getElementById('page');
const list = el('section', { 'aria-live': 'polite' });
const detail = el('section', { 'aria-live': 'polite', id: 'detail' });
page.replaceChildren(list, detail);
const filter = { slo: param('slo') || '', hours: param('hours') || '24' };

function percent(ratio) {
  return ratio === null || ratio === undefined ? '—' : (ratio * 100).toFixed(2) + ' %';
}

fill(list, async () => table([
  ['SLO', s => el('a', { href: '#detail', onclick: e => { e.preventDefault(); open(s.name); } }, s.name)],
  ['Objective', s => s.objective + ' % / ' + (s.period === 'month' ? 'month' : s.period)],
  ['SLI', s => s.sli.kind], ['Status', s => badge(s.status)],
  ['Budget left', s => percent(s.budget_remaining), { num: true }],
  ['Burn rates', s => Object.entries(s.burn_rates || {}).map(([w, r]) => w + ' ' + Number(r).toFixed(2) + '×').join(', ') || '—'],
  ['Firing', s => (s.firing || []).map(f => f.window || JSON.stringify(f)).join(', ') || '—'],
  ['Evaluated', s => time(s.evaluated_at)]], await api('v1/admin/slos'), 'No SLO is defined.'));

function open(name) {
  filter.slo = name;
  setParams(filter);
  fill(detail, async () => {
    const slo = await api('v1/admin/slos/' + encodeURIComponent(name) + '?hours=' + encodeURIComponent(filter.hours));
    const snapshots = slo.snapshots || [];
    const times = snapshots.map(s => Date.parse(s.at) / 1000);
    const windows = [...new Set(snapshots.flatMap(s => Object.keys(s.burn_rates || {})))];
    const to = Math.ceil(Date.now() / 1000);
    const range = { from: to - (Number(filter.hours) > 0 ? Number(filter.hours) : 24) * 3600, to };
    return [el('h2', {}, slo.name, ' ', badge(slo.status)), el('p', {}, slo.description || ''),
      await chart('Error budget left (%), last ' + filter.hours + ' h', times,
        [{ label: 'budget left %', values: snapshots.map(s => s.budget_remaining === null ? null : +(s.budget_remaining * 100).toFixed(3)) }],
        range),
      await chart('Burn rate per window (× the sustainable rate)', times,
        windows.map(w => ({ label: w, values: snapshots.map(s => s.burn_rates && w in s.burn_rates ? +Number(s.burn_rates[w]).toFixed(3) : null) })),
        range),
      el('h3', {}, 'Alerts it raised'),
      table([['Alert', a => el('a', { href: 'alerts.html?state=&alert=' + encodeURIComponent(a.id) }, named(a.name, 'alert ' + a.id))],
        ['State', a => badge(a.state)], ['Since', a => time(a.startsAt)]], slo.alerts || [], 'None in these hours.')];
  });
}

if (filter.slo) open(filter.slo);
