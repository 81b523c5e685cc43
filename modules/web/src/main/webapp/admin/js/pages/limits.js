import { api, badge, chart, el, fill, start, table, time } from '../vigil.js';

// Rate-limit policies as configured, refusals per minute as a chart, and the latest refusals.
await start();
const page = document.getElementById('page');
const [policies, pressure, events] = [0, 1, 2].map(() => el('section', { 'aria-live': 'polite' }));
page.replaceChildren(pressure, policies, events);

fill(policies, async () => [el('h2', {}, 'Policies'), table([['Policy', p => p.name], ['Limit', p => p.max + ' per ' + p.windowSeconds + ' s'],
  ['When the store fails', p => p.onStoreFailure]], await api('v1/admin/limits/policies'))]);

fill(pressure, async () => {
  const summary = await api('v1/admin/limits/summary?minutes=60');
  const recent = await api('v1/admin/limits/events?limit=500');
  const minute = 60;
  const now = Math.floor(Date.now() / 1000 / minute) * minute;
  const times = Array.from({ length: 61 }, (_, i) => now - (60 - i) * minute);
  const policiesSeen = [...new Set(recent.map(e => e.policy))];
  const series = policiesSeen.map(policy => {
    const values = times.map(() => 0);
    for (const e of recent.filter(r => r.policy === policy)) {
      const at = Math.floor(e.windowStart / 1000 / minute) * minute;
      const i = times.indexOf(at);
      if (i >= 0) values[i] += e.occurrences;
    }
    return { label: policy, values };
  });
  return [el('h2', {}, 'Refusals, last hour'),
    await chart('Refusals per minute by policy', policiesSeen.length ? times : [], series, { yLabel: 'refusals', from: times[0], to: times[times.length - 1] }),
    table([['Policy', c => c.policy], ['Outcome', c => badge(c.outcome)], ['Occurrences', c => String(c.occurrences), { num: true }],
      ['Keys', c => String(c.keys), { num: true }]], summary, 'Nothing was refused in the last hour.')];
});

fill(events, async () => [el('h2', {}, 'Latest refusals'), table([['At', e => time(e.windowStart)], ['Policy', e => e.policy],
  ['Key', e => el('code', {}, e.key)], ['Outcome', e => badge(e.outcome)], ['Times', e => String(e.occurrences), { num: true }]],
await api('v1/admin/limits/events?limit=50'), 'No refusal recorded.')]);
