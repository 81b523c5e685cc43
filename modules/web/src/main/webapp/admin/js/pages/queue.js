import { api, badge, confirmed, el, fields, fill, notice, param, setParams, start, table, time, action } from '../vigil.js';

// Outbound dependencies with their breakers on each server, and the work queue: jobs per kind, and
// dead jobs to retry or discard.
await start();
const page = document.getElementById('page');
const status = el('div', { 'aria-live': 'polite', id: 'status' });
const [deps, kinds, jobs] = [0, 1, 2].map(() => el('section', { 'aria-live': 'polite' }));
const filter = { state: param('state') || 'dead' };
const form = el('form', { class: 'inline', role: 'search' },
  el('label', {}, 'Jobs', el('select', { name: 'state' }, ['dead', 'queued', 'running'].map(s =>
    el('option', { value: s, selected: s === filter.state }, s)))), el('button', { type: 'submit' }, 'Show'));
form.addEventListener('submit', event => {
  event.preventDefault();
  Object.assign(filter, fields(form));
  loadJobs();
});
page.replaceChildren(status, el('h2', {}, 'Dependencies'), deps, el('h2', {}, 'Work queue'), kinds, form, jobs);

fill(deps, async () => table([['Dependency', d => d.dependency], ['Breaker here', d => badge(d.live.state)],
  ['Since', d => time(d.live.since)], ['Recent failures', d => String(d.live.failures), { num: true }],
  ['Last failure', d => d.live.lastFailure ? [time(d.live.lastFailureAt), ' ', d.live.lastFailure] : '—'],
  ['Other servers', d => d.servers.filter(s => s.server !== d.thisServer).map(s => s.server + ': ' + s.state).join(', ') || '—']],
await api('v1/admin/dependencies')));

function loadKinds() {
  fill(kinds, async () => table([['Kind', k => k.kind], ['Queued', k => String(k.queued), { num: true }],
    ['Running', k => String(k.running), { num: true }], ['Dead', k => String(k.dead), { num: true }],
    ['Oldest queued', k => k.oldestQueuedAgeSeconds + ' s', { num: true }], ['Attempts', k => String(k.maxAttempts), { num: true }]],
  await api('v1/admin/queue'), 'No job kind registered.'));
}

function loadJobs() {
  setParams(filter);
  fill(jobs, async () => table([['Job', j => el('code', {}, j.id)], ['Kind', j => j.kind], ['State', j => badge(j.state)],
    ['Attempt', j => j.attempt + ' of ' + j.maxAttempts, { num: true }], ['Created', j => time(j.createdAt)],
    ['Why', j => j.deadReason || j.lastError || ''],
    ['Action', j => j.state !== 'dead' ? '—' : [action('Retry', status, async () => {
      await api('v1/admin/queue/jobs/' + j.id + '/retry', { method: 'POST' });
      loadKinds();
      loadJobs();
      return notice('Job queued again.');
    }, 'secondary'), ' ', confirmed('Discard', status, async () => {
      await api('v1/admin/queue/jobs/' + j.id, { method: 'DELETE' });
      loadKinds();
      loadJobs();
      return notice('Job discarded.');
    })]]], await api('v1/admin/queue/jobs?limit=50&state=' + filter.state), 'No ' + filter.state + ' job.'));
}

loadKinds();
loadJobs();
