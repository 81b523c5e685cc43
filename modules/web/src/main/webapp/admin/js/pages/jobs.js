import { action, api, badge, el, fill, notice, param, setParams, start, table, time } from '../vigil.js';

// Vigil's periodic jobs: last run, last success, failures in a row; one job's run history, and run now.
await start();
const page = document.getElementById('page');
const status = el('div', { 'aria-live': 'polite' });
const list = el('section', { 'aria-live': 'polite' });
const runs = el('section', { 'aria-live': 'polite', id: 'runs' });
page.replaceChildren(status, list, runs);
const filter = { job: param('job') || '' };

function load() {
  fill(list, async () => table([
    ['Job', j => el('a', { href: '#runs', onclick: e => { e.preventDefault(); open(j.job); } }, j.job)],
    ['Every', j => j.everySeconds + ' s', { num: true }], ['Last run', j => j.lastRun ? [badge(j.lastRun.outcome), ' ', time(j.lastRun.startedAt)] : '—'],
    ['Last success', j => time(j.lastSuccessAt)], ['Failures in a row', j => String(j.consecutiveFailures), { num: true }],
    ['Late', j => !j.lastRun ? 'not run yet' : j.missed ? badge('late') : 'no'],
    ['Action', j => action('Run now', status, async () => {
      const outcome = await api('v1/admin/jobs/' + encodeURIComponent(j.job) + '/runs', { method: 'POST' });
      load();
      open(j.job);
      return notice(j.job + ': ' + (outcome.succeeded ? 'succeeded' : 'failed') + (outcome.summary ? ' — ' + outcome.summary : ''));
    }, 'secondary')]], await api('v1/admin/jobs')));
}

function open(job) {
  filter.job = job;
  setParams(filter);
  fill(runs, async () => [el('h2', {}, 'Runs of ', job), table([['Started', r => time(r.startedAt)], ['Ended', r => time(r.endedAt)],
    ['Outcome', r => badge(r.outcome)], ['Trigger', r => r.trigger], ['Server', r => r.server],
    ['Summary', r => r.error ? el('span', {}, r.summary || '', ' ', el('strong', {}, r.error)) : r.summary || '']],
  await api('v1/admin/jobs/' + encodeURIComponent(job) + '/runs?limit=50'), 'No run yet.')]);
}

load();
if (filter.job) open(filter.job);
