import { api, badge, el, fill, notice, onSubmit, start, table, time } from '../vigil.js';

// Members and admins: who can sign in, and create one.
await start();
const page = document.getElementById('page');
const status = el('div', { 'aria-live': 'polite' });
const list = el('section', { 'aria-live': 'polite' });
const create = el('form', { class: 'inline', 'aria-label': 'Create a user' },
  el('label', {}, 'Username', el('input', { name: 'username', required: true, minlength: 3, maxlength: 64,
    pattern: '[a-z0-9][a-z0-9._@\\-]*', title: 'lower-case letters, digits and . _ @ -' })),
  el('label', {}, 'Password (12 or more)', el('input', { name: 'password', type: 'password', required: true,
    minlength: 12, maxlength: 256, autocomplete: 'new-password' })),
  el('label', {}, 'Role', el('select', { name: 'role' }, el('option', { value: 'member' }, 'member'),
    el('option', { value: 'admin' }, 'admin'))),
  el('button', { type: 'submit' }, 'Create user'));
page.replaceChildren(create, status, list);

onSubmit(create, status, async values => {
  const user = await api('v1/admin/users', { method: 'POST', body: values });
  create.reset();
  load();
  return notice('User ' + user.username + ' created as ' + user.role + '.');
});

function load() {
  fill(list, async () => table([['User', u => u.username], ['Role', u => badge(u.role)],
    ['Enabled', u => u.enabled ? 'yes' : 'no'], ['Created', u => time(u.createdAt)]], await api('v1/admin/users')));
}

load();
