import { api, badge, el, fill, named, notice, onSubmit, param, show, start, table, time } from '../vigil.js';

// One issue group: triage (status, assignee), comments, the versions it hit and its recent reports.
await start();
const id = param('id');
const page = document.getElementById('page');
// Kept across re-renders, so an outcome shown in them stays on the page.
const status = el('div', { 'aria-live': 'polite', id: 'triage-status' });
const commentStatus = el('div', { 'aria-live': 'polite', id: 'comment-status' });

async function render() {
  const detail = await api('v1/issue-groups/' + encodeURIComponent(id || ''));
  const group = detail.group;
  document.querySelector('h1').textContent = named(group.title, 'issue');
  const triage = el('form', { class: 'inline', 'aria-label': 'Triage' },
    el('label', {}, 'Status', el('select', { name: 'status' }, ['new', 'triaged', 'resolved', 'ignored'].map(s =>
      el('option', { value: s, selected: s === group.status }, s)))),
    el('label', {}, 'Assignee', el('input', { name: 'assignee', value: group.assignee || '', maxlength: 64,
      pattern: '[a-z0-9._@\\-]*', title: 'lower-case letters, digits and . _ @ -' })),
    el('button', { type: 'submit' }, 'Save'));
  onSubmit(triage, status, async values => {
    await api('v1/issue-groups/' + encodeURIComponent(id), { method: 'PATCH',
      body: { status: values.status, assignee: values.assignee || '' } });
    await refresh();
    return notice('Saved.');
  });
  const comment = el('form', { class: 'stack', 'aria-label': 'Comment' },
    el('label', {}, 'Comment', el('textarea', { name: 'body', required: true, maxlength: 4000 })),
    el('div', {}, el('button', { type: 'submit' }, 'Add comment')));
  onSubmit(comment, commentStatus, async values => {
    await api('v1/issue-groups/' + encodeURIComponent(id) + '/comments', { method: 'POST', body: { body: values.body || '' } });
    await refresh();
    return notice('Comment added.');
  });
  return [
    el('p', {}, badge(group.status), ' ', String(group.reports), ' reports · first seen ', time(group.firstSeen),
      ' · last seen ', time(group.lastSeen), ' · versions: ', detail.appVersions.join(', ') || '—'),
    el('h2', {}, 'Triage'), triage, status,
    el('h2', {}, 'Recent reports'),
    table([['Report', r => el('a', { href: 'report.html?id=' + encodeURIComponent(r.id) }, named(r.summary, 'report ' + r.id))],
      ['Version', r => r.appVersion || '—'], ['Received', r => time(r.receivedAt)]], detail.recentReports),
    el('h2', {}, 'Comments'),
    detail.comments.length ? el('ul', { class: 'timeline' }, detail.comments.map(c =>
      el('li', {}, el('strong', {}, c.author), ' · ', time(c.at), el('div', {}, c.body)))) : el('p', { class: 'empty' }, 'No comments yet.'),
    comment, commentStatus];
}

async function refresh() {
  show(page, await render());
}

fill(page, render);
