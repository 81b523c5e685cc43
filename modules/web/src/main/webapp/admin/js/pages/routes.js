import { api, el, fill, labels, onSubmit, start, table } from '../vigil.js';

// The routing document in force, and a dry run: which routes, receivers and channels an alert with
// these labels would take.
await start();
const page = document.getElementById('page');
const result = el('section', { 'aria-live': 'polite', id: 'dry-run' });
const documentView = el('section', { 'aria-live': 'polite' });
const dryRun = el('form', { class: 'stack', 'aria-label': 'Dry run' },
  el('label', {}, 'Labels of an alert, one per line (alertname=DiskFull)',
    el('textarea', { name: 'labels', rows: 4, required: true }, 'alertname=DiskFull\nseverity=critical')),
  el('div', {}, el('button', { type: 'submit' }, 'Dry run')));
onSubmit(dryRun, result, async values => {
  const answer = await api('v1/admin/alerting/routes/dry-run', { method: 'POST', body: { labels: labels(values.labels) } });
  return [el('h3', {}, 'It would take'), table([['Route', m => m.route], ['Matchers', m => el('code', {}, m.matchers.join(', '))],
    ['Receiver', m => m.receiver], ['Channels', m => m.channels.join(', ') || '—'], ['Group', m => m.groupKey],
    ['Wait / interval / repeat', m => m.groupWait + ' / ' + m.groupInterval + ' / ' + m.repeatInterval]],
  answer.matches, 'No route matches: the alert would go nowhere.')];
});
page.replaceChildren(el('h2', {}, 'Dry run'), dryRun, result, el('h2', {}, 'Routing document in force'), documentView);
fill(documentView, async () => el('pre', { tabindex: 0 }, JSON.stringify(await api('v1/admin/alerting/routes'), null, 2)));
