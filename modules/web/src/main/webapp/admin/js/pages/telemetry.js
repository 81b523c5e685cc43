import { api, chart, el, fields, fill, param, setParams, start, table } from '../vigil.js';

// A signal (or an alias of seed 001's map) of one app per version as a chart, over the last hours;
// the choice lives in the address.
await start();
const page = document.getElementById('page');
const filter = { app: param('app') || '', signal: param('signal') || 'sync_queue_block_events', hours: param('hours') || '24' };
const aliases = await api('v1/telemetry/aliases');
const form = el('form', { class: 'inline', role: 'search' },
  el('label', {}, 'App', el('input', { name: 'app', value: filter.app, size: 24, placeholder: 'app id', required: true })),
  el('label', {}, 'Signal or alias', el('input', { name: 'signal', value: filter.signal, size: 30, list: 'aliases', required: true })),
  el('datalist', { id: 'aliases' }, aliases.map(a => el('option', { value: a.alias }, a.alias + ' = ' + a.sources.join(' + ')))),
  el('label', {}, 'Hours', el('select', { name: 'hours' }, ['1', '6', '24', '72', '168'].map(h =>
    el('option', { value: h, selected: h === filter.hours }, h)))),
  el('button', { type: 'submit' }, 'Show'));
const results = el('section', { 'aria-live': 'polite', id: 'series' });
const aliasList = el('section', { id: 'aliases-list' });
page.replaceChildren(form, results, aliasList);

form.addEventListener('submit', event => {
  event.preventDefault();
  Object.assign(filter, fields(form));
  load();
});

function load() {
  setParams(filter);
  if (!filter.app) {
    results.replaceChildren(el('p', { class: 'empty' }, 'Choose an app to see its telemetry.'));
    return;
  }
  fill(results, async () => {
    const hours = Number(filter.hours);
    const step = hours <= 6 ? 'minute' : 'hour';
    const seconds = step === 'minute' ? 60 : 3600;
    const to = Math.ceil(Date.now() / 1000 / seconds) * seconds;
    const from = to - hours * 3600;
    const query = new URLSearchParams({ app: filter.app, signal: filter.signal, step, perVersion: 'true',
      from: new Date(from * 1000).toISOString(), to: new Date(to * 1000).toISOString() });
    const series = await api('v1/telemetry/series?' + query);
    const times = Array.from({ length: (to - from) / seconds }, (_, i) => from + i * seconds);
    const versions = [...new Set(series.points.map(p => p.version))].sort();
    const lines = versions.map(version => {
      const values = times.map(() => 0);
      for (const p of series.points.filter(q => q.version === version)) {
        const i = times.indexOf(Date.parse(p.at) / 1000);
        if (i >= 0) values[i] += p.value;
      }
      return { label: 'version ' + version, values };
    });
    return [el('h2', {}, filter.signal, series.sources.length > 1 || series.sources[0] !== filter.signal
      ? ' = ' + series.sources.join(' + ') : ''),
    await chart(filter.signal + ' per ' + step + ' by app version', versions.length ? times : [], lines,
      { yLabel: filter.signal, from, to })];
  });
}

aliasList.replaceChildren(el('h2', {}, 'Aliases'), table([['Alias', a => el('code', {}, a.alias)],
  ['Sum of', a => a.sources.join(' + ')], ['Meaning', a => a.description || '—']], aliases, 'No alias defined.'));
load();
