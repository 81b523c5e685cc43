import { api, badge, el, fill, named, start, table, time } from '../vigil.js';

// The overview: what an operator looks at first. Each panel is live data from its module's API;
// a panel whose source fails shows that failure, the others still load.
await start();
const page = document.getElementById('page');
const panels = ['ready', 'alerts', 'checks', 'jobs', 'slos', 'limits'].map(id => el('section', { id, 'aria-live': 'polite' }));
page.replaceChildren(...panels);
const [ready, alerts, checks, jobs, slos, limits] = panels;

fill(ready, async () => {
  const reply = await fetch('/health/ready', { headers: { Accept: 'application/json' } });
  const health = await reply.json();
  return [el('h2', {}, 'Readiness ', badge(health.status)),
    table([['Check', c => c.name], ['Status', c => badge(c.status)],
      ['Details', c => Object.entries(c.data || {}).map(([k, v]) => k + ': ' + v).join(', ')]], health.checks)];
});

fill(alerts, async () => {
  const firing = await api('v1/admin/alerts?state=firing&limit=20');
  return [el('h2', {}, 'Open alerts (', String(firing.length), ')'),
    table([['Alert', a => el('a', { href: 'alerts.html?alert=' + encodeURIComponent(a.id) }, named(a.name, 'alert ' + a.id))],
      ['Severity', a => badge(a.severity)], ['Source', a => a.source], ['Since', a => time(a.startsAt)]],
    firing, 'No alert is firing.')];
});

fill(checks, async () => {
  const all = await api('v1/admin/checks');
  const failing = all.filter(c => c.status === 'down' || c.status === 'grace');
  return [el('h2', {}, 'Failing checks (', String(failing.length), ' of ', String(all.length), ')'),
    table([['Check', c => el('a', { href: 'checks.html?check=' + encodeURIComponent(c.uuid) }, named(c.name, 'check ' + c.uuid))],
      ['Status', c => badge(c.status)], ['Last ping', c => time(c.last_ping)]],
    failing, 'Every check is up, new or paused.')];
});

fill(jobs, async () => {
  const all = await api('v1/admin/jobs');
  // A job that has not run on this installation yet is not late (the API counts it as missed).
  const failing = all.filter(j => j.consecutiveFailures > 0 || (j.missed && j.lastRun));
  return [el('h2', {}, 'Periodic jobs failing or late (', String(failing.length), ' of ', String(all.length), ')'),
    table([['Job', j => el('a', { href: 'jobs.html?job=' + encodeURIComponent(j.job) }, j.job)],
      ['Failures in a row', j => String(j.consecutiveFailures), { num: true }],
      ['Late', j => j.missed && j.lastRun ? badge('late') : 'no'], ['Last success', j => time(j.lastSuccessAt)]],
    failing, 'Every periodic job ran on time.')];
});

fill(slos, async () => {
  const all = await api('v1/admin/slos');
  const burning = all.filter(s => (s.firing && s.firing.length) || s.status === 'critical' || s.status === 'warning');
  return [el('h2', {}, 'SLOs burning (', String(burning.length), ' of ', String(all.length), ')'),
    table([['SLO', s => el('a', { href: 'slos.html?slo=' + encodeURIComponent(s.name) }, s.name)],
      ['Status', s => badge(s.status)], ['Budget left', s => percent(s.budget_remaining), { num: true }],
      ['Rules firing', s => (s.firing || []).map(f => f.window || f).join(', ')]],
    burning, 'No SLO is burning its error budget too fast.')];
});

fill(limits, async () => {
  const counts = await api('v1/admin/limits/summary?minutes=60');
  return [el('h2', {}, 'Rate-limit pressure, last hour'),
    table([['Policy', c => el('a', { href: 'limits.html' }, c.policy)], ['Outcome', c => badge(c.outcome)],
      ['Refusals', c => String(c.occurrences), { num: true }], ['Keys', c => String(c.keys), { num: true }]],
    counts, 'Nothing was refused in the last hour.')];
});

function percent(ratio) {
  return ratio === null || ratio === undefined ? '—' : (ratio * 100).toFixed(1) + ' %';
}
