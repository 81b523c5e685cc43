import { api, badge, confirmed, el, fill, lines, notice, onSubmit, start, table, time } from '../vigil.js';

// Silences (one-off, by matchers, for a while), recurring maintenance windows, and inhibition rules.
await start();
const page = document.getElementById('page');
const status = el('div', { 'aria-live': 'polite', id: 'status' });
const [silences, windows, inhibitions] = [0, 1, 2].map(() => el('section', { 'aria-live': 'polite' }));
const matchersHelp = 'One matcher per line, as Alertmanager writes them: alertname="DiskFull", instance=~"db-.*"';

const newSilence = el('form', { class: 'stack', 'aria-label': 'New silence' },
  el('label', {}, 'Matchers (' + matchersHelp + ')', el('textarea', { name: 'matchers', required: true, rows: 3 })),
  el('div', { class: 'inline' },
    el('label', {}, 'For', el('input', { name: 'duration', value: '2h', size: 6, required: true })),
    el('label', {}, 'Why', el('input', { name: 'comment', required: true, maxlength: 1000, size: 40 })),
    el('button', { type: 'submit' }, 'Silence')));
onSubmit(newSilence, status, async values => {
  await api('v1/admin/alerting/silences', { method: 'POST',
    body: { matchers: lines(values.matchers), duration: values.duration, comment: values.comment } });
  newSilence.reset();
  loadSilences();
  return notice('Silence created.');
});

const newWindow = el('form', { class: 'stack', 'aria-label': 'New maintenance window' },
  el('div', { class: 'inline' },
    el('label', {}, 'Name', el('input', { name: 'name', required: true, maxlength: 100 })),
    el('label', {}, 'Zone', el('input', { name: 'zone', value: 'UTC', size: 16 })),
    el('label', {}, 'Days (e.g. SAT SUN)', el('input', { name: 'days', value: 'SAT SUN', size: 20 })),
    el('label', {}, 'Start', el('input', { name: 'start', value: '22:00', size: 5 })),
    el('label', {}, 'End', el('input', { name: 'end', value: '02:00', size: 5 }))),
  el('label', {}, 'Matchers (' + matchersHelp + ')', el('textarea', { name: 'matchers', required: true, rows: 2 })),
  el('div', { class: 'inline' }, el('label', {}, 'Why', el('input', { name: 'comment', maxlength: 1000, size: 40 })),
    el('button', { type: 'submit' }, 'Add window')));
onSubmit(newWindow, status, async values => {
  await api('v1/admin/alerting/windows', { method: 'POST', body: { name: values.name, matchers: lines(values.matchers),
    zone: values.zone, days: (values.days || '').split(/[\s,]+/).filter(Boolean), start: values.start, end: values.end,
    ...(values.comment ? { comment: values.comment } : {}) } });
  newWindow.reset();
  loadWindows();
  return notice('Maintenance window added.');
});

page.replaceChildren(status, el('h2', {}, 'Silences'), newSilence, silences,
  el('h2', {}, 'Maintenance windows'), newWindow, windows, el('h2', {}, 'Inhibition rules'), inhibitions);

function matchers(definition) {
  return el('code', {}, ((definition && definition.matchers) || []).join(', '));
}

function loadSilences() {
  fill(silences, async () => table([['Matchers', m => matchers(m.definition)], ['State', m => badge(m.state || 'active')],
    ['From', m => time(m.startsAt)], ['Until', m => time(m.endsAt)], ['Why', m => m.comment || ''], ['By', m => m.createdBy || '—'],
    ['Action', m => m.state === 'expired' ? '—' : confirmed('Expire', status, async () => {
      await api('v1/admin/alerting/silences/' + m.id, { method: 'DELETE' });
      loadSilences();
      return notice('Silence expired.');
    })]], await api('v1/admin/alerting/silences'), 'No silence in force or ended within the last day.'));
}

function loadWindows() {
  fill(windows, async () => table([['Name', w => w.definition.name || '—'], ['Matchers', w => matchers(w.definition)],
    ['When', w => w.definition.cron ? w.definition.cron + ' for ' + w.definition.duration
      : (w.definition.days || []).join(' ') + ' ' + w.definition.start + '–' + w.definition.end + ' ' + (w.definition.zone || 'UTC')],
    ['Why', w => w.comment || ''],
    ['Action', w => confirmed('Delete', status, async () => {
      await api('v1/admin/alerting/windows/' + w.id, { method: 'DELETE' });
      loadWindows();
      return notice('Window deleted.');
    })]], await api('v1/admin/alerting/windows'), 'No maintenance window.'));
}

fill(inhibitions, async () => table([['While firing', i => el('code', {}, (i.definition.sourceMatchers || []).join(', '))],
  ['Mute', i => el('code', {}, (i.definition.targetMatchers || []).join(', '))], ['Equal labels', i => (i.definition.equal || []).join(', ')],
  ['Why', i => i.comment || '']], await api('v1/admin/alerting/inhibitions'), 'No inhibition rule.'));
loadSilences();
loadWindows();
