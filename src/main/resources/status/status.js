'use strict';
// The campaign page: polls the service's status data every two seconds and redraws. Every value is
// set as text (never as HTML); the service masks phone numbers before they get here.

const DATA_URL = new URL('data', document.currentScript.src);
const POLL_MS = 2000;
const OUTCOME_COLOURS = ['#2e9e5b', '#7cc79a', '#9b59b6', '#e67e22', '#95a5a6', '#16a085', '#d35400', '#34495e'];
const PARTS = [
  { key: 'inCall', label: 'in call', colour: '#3b7dd8' },
  { key: 'uncertain', label: 'uncertain', colour: '#f1c40f' },
  { key: 'queued', label: 'queued', colour: '#aab4c2' },
  { key: 'waiting', label: 'waiting (window or redial)', colour: '#d5dbe3' },
  { key: 'rejected', label: 'rejected', colour: '#c0392b' },
];

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    e.setAttribute(k, v);
  }
  for (const c of children) {
    e.append(c);
  }
  return e;
}

function svg(tag, attrs) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) {
    e.setAttribute(k, v);
  }
  return e;
}

function bar(parts, total) {
  const b = el('div', { class: 'bar' });
  for (const p of parts) {
    if (p.n > 0 && total > 0) {
      const s = el('span', { title: p.label + ': ' + p.n });
      s.style.width = (100 * p.n / total) + '%';
      s.style.background = p.colour;
      b.append(s);
    }
  }
  return b;
}

function legendItem(label, n, colour, key) {
  const s = el('span', key ? { 'data-count': key } : {}, label + ' ' + n);
  s.style.setProperty('--swatch', colour);
  return s;
}

function drawAccounts(accounts) {
  const box = document.getElementById('accounts');
  box.replaceChildren(...accounts.map(a => {
    const parts = [{ label: 'this service', n: a.inUse, colour: '#3b7dd8' },
      { label: 'placed elsewhere', n: a.outside, colour: '#9b59b6' }];
    const numbers = el('span', { class: 'numbers', 'data-slots': '' }, (a.inUse + a.outside) + ' / ' + a.limit);
    return el('div', { class: 'row', 'data-account': a.id }, el('span', { class: 'label' }, a.id),
      bar(parts, a.limit), numbers);
  }));
}

function drawCampaigns(campaigns) {
  const box = document.getElementById('campaigns');
  box.replaceChildren(...campaigns.map(c => {
    const outcomes = Object.entries(c.outcomes).map(([outcome, n], i) =>
      ({ key: 'outcome-' + outcome, label: outcome, n, colour: OUTCOME_COLOURS[i % OUTCOME_COLOURS.length] }));
    const parts = outcomes.concat(PARTS.map(p => ({ ...p, n: c[p.key] })));
    const total = parts.reduce((sum, p) => sum + p.n, 0);
    const finished = c.done + c.rejected;
    const head = el('div', { class: 'row' },
      el('span', { class: 'label' }, c.id + ' ', el('span', { class: 'badge ' + c.state }, c.state.toLowerCase())),
      bar(parts, total),
      el('span', { class: 'numbers' }, el('span', { 'data-count': 'finished' }, String(finished)), ' / ',
        el('span', { 'data-count': 'total' }, String(total))));
    const legend = el('div', { class: 'legend' }, legendItem('done', c.done, '#2e9e5b', 'done'),
      ...outcomes.map(o => legendItem(o.label, o.n, o.colour, o.key)),
      ...PARTS.map(p => legendItem(p.label, c[p.key], p.colour, p.key)));
    const card = el('div', { class: 'campaign', 'data-campaign': c.id }, head, legend);
    if (c.reason) {
      card.append(el('p', { class: 'reasons' }, c.state.toLowerCase() + ': ' + c.reason));
    }
    const reasons = Object.entries(c.rejectedBy);
    if (reasons.length > 0) {
      card.append(el('p', { class: 'reasons' }, 'rejected: ' + reasons.map(([r, n]) => r + ' ' + n).join(', ')));
    }
    return card;
  }));
}

function drawChart(minutes) {
  const chart = document.getElementById('chart');
  const peak = Math.max(1, ...minutes.map(m => m.calls));
  const width = 600 / minutes.length;
  const shapes = [svg('line', { x1: 0, y1: 119.5, x2: 600, y2: 119.5 })];
  minutes.forEach((m, i) => {
    const h = 110 * m.calls / peak;
    const r = svg('rect', { x: i * width + 1, y: 120 - h, width: width - 2, height: h });
    const title = svg('title', {});
    title.textContent = new Date(m.minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) + ': ' + m.calls;
    r.append(title);
    shapes.push(r);
  });
  chart.replaceChildren(...shapes);
  const last = minutes[minutes.length - 1];
  const total = minutes.reduce((sum, m) => sum + m.calls, 0);
  document.getElementById('chart-note').textContent =
    total + ' calls started in the hour, peak ' + peak + '/min' + (last ? ', this minute ' + last.calls : '');
}

function drawFiles(files) {
  const rows = files.map(f => el('tr', {}, el('td', {}, f.name), el('td', {}, f.campaign), el('td', {}, f.source),
    el('td', {}, f.state.toLowerCase()),
    el('td', {}, f.rows == null ? f.finished + ' so far' : f.finished + ' / ' + f.rows)));
  document.querySelector('#files tbody').replaceChildren(...rows);
  document.getElementById('files').hidden = files.length === 0;
  document.getElementById('no-files').hidden = files.length > 0;
}

function drawErrors(errors) {
  document.getElementById('errors').replaceChildren(...errors.map(e => el('li', {},
    el('time', { datetime: e.at }, new Date(e.at).toLocaleTimeString()),
    e.what + ': ' + e.cause + (e.times > 1 ? ' (' + e.times + ' times)' : ''))));
  document.getElementById('no-errors').hidden = errors.length > 0;
}

async function refresh() {
  const freshness = document.getElementById('freshness');
  try {
    const response = await fetch(DATA_URL, { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) {
      throw new Error('the service answered ' + response.status);
    }
    const status = await response.json();
    drawAccounts(status.accounts);
    drawCampaigns(status.campaigns);
    drawChart(status.callsPerMinute);
    drawFiles(status.files);
    drawErrors(status.errors);
    freshness.textContent = 'updated ' + new Date(status.generatedAt).toLocaleTimeString();
    freshness.classList.remove('stale');
  } catch (e) {
    freshness.textContent = 'not updated: ' + e.message;
    freshness.classList.add('stale');
  } finally {
    setTimeout(refresh, POLL_MS);
  }
}

refresh();
