import { api, el, fill, named, param, start, table, time } from '../vigil.js';

// One issue report as the device sent it, with its events as a timeline.
await start();
const id = param('id');
const page = document.getElementById('page');

fill(page, async () => {
  const report = await api('v1/issues/' + encodeURIComponent(id || ''));
  document.querySelector('h1').textContent = named(report.summary, 'report');
  const events = [...(report.events || [])].sort((a, b) => String(a.at).localeCompare(String(b.at)));
  const facts = [['Received', time(report.receivedAt)], ['App', report.appId],
    ['Version', report.app ? [report.app.version, report.app.build, report.app.channel].filter(Boolean).join(' · ') : '—'],
    ['Device', report.device ? [report.device.model, report.device.os, report.device.osVersion, report.device.locale].filter(Boolean).join(' · ') : '—'],
    ['Client report id', report.clientReportId || '—'], ['Redacted values', String(report.redactions || 0)]];
  return [
    el('p', {}, el('a', { href: 'issue.html?id=' + encodeURIComponent(report.group) }, 'Back to its issue')),
    table([['Field', f => f[0]], ['Value', f => f[1]]], facts),
    report.description ? [el('h2', {}, 'Description'), el('pre', { tabindex: 0 }, report.description)] : null,
    el('h2', {}, 'Event timeline'),
    events.length ? el('ol', { class: 'timeline' }, events.map(e => el('li', {}, time(e.at), ' ', el('strong', {}, e.type),
      e.attributes ? el('span', { class: 'muted' }, ' ' + JSON.stringify(e.attributes)) : null)))
      : el('p', { class: 'empty' }, 'The report holds no events.'),
    report.uploadQueue ? [el('h2', {}, 'Upload queue'), el('pre', { tabindex: 0 }, JSON.stringify(report.uploadQueue, null, 2))] : null,
    report.flags || report.metadata ? [el('h2', {}, 'Flags and metadata'),
      el('pre', { tabindex: 0 }, JSON.stringify({ flags: report.flags, metadata: report.metadata }, null, 2))] : null];
});
