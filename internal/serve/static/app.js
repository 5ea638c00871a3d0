// The intake page: a form built from the case schema, checked by the
// server on every blur with the CLI's own messages, a live preview of the
// registration form, and the folder's cases to open and save.
'use strict';

// The sections a desk fills in while the customer is there; the rest of a
// case (agreement, 8D, closure) is written later, by other people.
const SECTIONS = ['id', 'title', 'customer', 'intake', 'purchase', 'complaint', 'handling'];
const $ = (sel) => document.querySelector(sel);

let schema = null;
let loadedID = null;        // the case opened from the folder, if any
const files = new Map();    // path in the case → File (photos travel with the case)
let pdfURL = null;
let checkTimer = null;
let checkSeq = 0;

function resolve(s) {
  let out = s || {};
  while (out.$ref) {
    const def = schema.$defs[out.$ref.replace('#/$defs/', '')];
    const own = { ...out };
    delete own.$ref;
    out = { ...def, ...own };
  }
  return out;
}

function zh(text) { return (text || '').split(' / ')[0]; }

// enumLabels reads "a 甲 | b 乙。" from a description into {a: "甲", b: "乙"}.
function enumLabels(s) {
  const labels = {};
  let d = zh(s.description);
  d = d.slice(d.indexOf('：') + 1).replace(/。$/, '');
  for (const part of d.split(' | ')) {
    const m = part.trim().match(/^([A-Za-z0-9_]+)\s+(.+)$/);
    if (m) labels[m[1]] = m[2];
  }
  return labels;
}

function kindOf(s) {
  const t = Array.isArray(s.type) ? s.type : [s.type];
  if (s.enum) return 'enum';
  if (s.format === 'date') return 'date';
  if (s.format === 'date-time') return 'datetime';
  if (s.title === '文件路径（相对）' || (s.examples || []).some((e) => /^assets\//.test(e))) return 'file';
  if (t.includes('object')) return 'object';
  if (t.includes('array')) return 'array';
  if (t.includes('boolean')) return 'boolean';
  if (t.includes('integer')) return 'integer';
  if (t.includes('number') && t.includes('string')) return 'money';
  if (t.includes('number')) return 'number';
  return (s.maxLength || 0) > 500 ? 'textarea' : 'string';
}

function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v;
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const k of kids) if (k) e.append(k);
  return e;
}

function pointerID(ptr) { return 'f' + ptr.replace(/[^A-Za-z0-9]/g, '_'); }

// field builds the input of one value of the case at pointer ptr.
function field(parent, key, raw, ptr, value, required) {
  const s = resolve(raw);
  const kind = kindOf(s);
  const title = s.title || key;
  if (kind === 'object') {
    const fs = el('fieldset', { 'data-pointer': ptr }, el('legend', { text: title }));
    const req = s.required || [];
    for (const [k, sub] of Object.entries(s.properties || {})) {
      field(fs, k, sub, ptr + '/' + k, value ? value[k] : undefined, req.includes(k));
    }
    parent.append(fs);
    return;
  }
  if (kind === 'array') {
    const fs = el('fieldset', { 'data-pointer': ptr, 'data-array': '1' }, el('legend', { text: title }));
    const rows = el('div', { class: 'rows' });
    fs.append(rows);
    const add = el('button', { type: 'button', class: 'add', text: '添加' + (resolve(s.items).title || '一行') });
    const addRow = (v) => {
      const i = rows.children.length;
      const row = el('div', { class: 'row', 'data-pointer': ptr + '/' + i });
      field(row, String(i + 1), s.items, ptr + '/' + i, v, true);
      const del = el('button', { type: 'button', text: '删除' });
      del.onclick = () => { row.remove(); renumber(rows, ptr); scheduleCheck(); };
      row.append(el('div', { class: 'row-actions' }, del));
      rows.append(row);
    };
    add.onclick = () => { addRow(undefined); };
    (value || []).forEach(addRow);
    fs.append(add);
    parent.append(fs);
    return;
  }
  const id = pointerID(ptr);
  const wrap = el('div', { class: 'field', 'data-pointer': ptr });
  wrap.append(el('label', { for: id, class: required ? 'required' : null, text: title }));
  let input;
  switch (kind) {
    case 'enum': {
      const labels = enumLabels(s);
      input = el('select', { id }, el('option', { value: '', text: '（请选择）' }));
      for (const v of s.enum) input.append(el('option', { value: v, text: labels[v] ? `${labels[v]}（${v}）` : v }));
      break;
    }
    case 'date': input = el('input', { id, type: 'date' }); break;
    case 'datetime': input = el('input', { id, type: 'datetime-local', step: '60' }); break;
    case 'boolean': input = el('input', { id, type: 'checkbox' }); break;
    case 'integer': input = el('input', { id, type: 'number', step: '1', min: s.minimum, max: s.maximum }); break;
    case 'money': case 'number': input = el('input', { id, type: 'text', inputmode: 'decimal' }); break;
    case 'textarea': input = el('textarea', { id, maxlength: s.maxLength }); break;
    case 'file': input = el('input', { id, type: 'file', accept: 'image/*,.pdf,.mp3,.m4a,.wav,.mp4' }); break;
    default: input = el('input', { id, type: 'text', maxlength: s.maxLength });
  }
  input.dataset.pointer = ptr;
  input.dataset.kind = kind;
  if (kind === 'file') {
    const shown = el('span', { class: 'help' });
    input.onchange = () => {
      const f = input.files[0];
      if (!f) return;
      const path = `assets/${caseID() || 'new'}/${f.name}`;
      files.set(path, f);
      input.dataset.value = path;
      shown.textContent = path;
      scheduleCheck();
    };
    if (value) { input.dataset.value = value; shown.textContent = value; }
    wrap.append(input, shown);
  } else {
    setValue(input, kind, value);
    wrap.append(input);
  }
  // An enum's values are in its select: its help is the part before them.
  const help = kind === 'enum' ? zh(s.description).split('：')[0] : zh(s.description);
  if (help) wrap.append(el('div', { class: 'help', text: help }));
  wrap.append(el('div', { class: 'error', id: id + '-error', role: 'alert' }));
  input.addEventListener('blur', scheduleCheck);
  input.addEventListener('change', scheduleCheck);
  parent.append(wrap);
}

function setValue(input, kind, v) {
  if (v === undefined || v === null) return;
  if (kind === 'boolean') input.checked = !!v;
  else if (kind === 'datetime') { input.value = String(v).slice(0, 16); input.dataset.offset = String(v).slice(19).replace(/^\.\d+/, ''); }
  else input.value = String(v);
}

// renumber gives the rows of a list their pointers again after one left.
function renumber(rows, ptr) {
  const data = collect();
  const list = get(data, ptr) || [];
  const fs = rows.closest('fieldset');
  const key = fs.querySelector('legend').textContent;
  const holder = fs.parentElement;
  const next = fs.nextSibling;
  fs.remove();
  const s = schemaAt(ptr);
  const tmp = el('div');
  field(tmp, key, s, ptr, list, false);
  holder.insertBefore(tmp.firstChild, next);
}

function schemaAt(ptr) {
  let s = schema;
  for (const seg of ptr.split('/').slice(1)) {
    s = resolve(s);
    s = /^\d+$/.test(seg) ? s.items : s.properties[seg];
  }
  return s;
}

function localOffset() {
  const m = -new Date().getTimezoneOffset();
  const sign = m >= 0 ? '+' : '-';
  const a = Math.abs(m);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

function get(obj, ptr) {
  let o = obj;
  for (const seg of ptr.split('/').slice(1)) { if (o == null) return undefined; o = o[seg]; }
  return o;
}

function put(obj, ptr, v) {
  const segs = ptr.split('/').slice(1);
  let o = obj;
  segs.forEach((seg, i) => {
    if (i === segs.length - 1) { o[seg] = v; return; }
    if (o[seg] === undefined) o[seg] = /^\d+$/.test(segs[i + 1]) ? [] : {};
    o = o[seg];
  });
}

// collect reads the form into a case; empty fields are left out.
function collect() {
  const data = { schema: 'kesu/case/v1' };
  for (const input of document.querySelectorAll('#case-form [data-kind]')) {
    const kind = input.dataset.kind;
    let v;
    switch (kind) {
      case 'boolean': v = input.checked ? true : undefined; break;
      case 'file': v = input.dataset.value; break;
      case 'integer': v = input.value === '' ? undefined : Number(input.value); break;
      case 'number': v = input.value.trim() === '' ? undefined : Number(input.value); break;
      case 'datetime': v = input.value ? `${input.value.length === 16 ? input.value + ':00' : input.value}${input.dataset.offset || localOffset()}` : undefined; break;
      default: v = input.value.trim() === '' ? undefined : input.value;
    }
    if (v !== undefined) put(data, input.dataset.pointer, v);
  }
  return prune(data);
}

// prune drops the holes a deleted or empty row leaves in lists.
function prune(v) {
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(prune);
  if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) v[k] = prune(v[k]);
  }
  return v;
}

function caseID() { const i = document.querySelector('input[data-pointer="/id"]'); return i ? i.value.trim() : ''; }

// body is a request carrying the case and the files it names.
function body(data) {
  const named = [];
  JSON.stringify(data, (k, v) => { if (typeof v === 'string' && files.has(v)) named.push(v); return v; });
  if (named.length === 0) return { body: JSON.stringify(data), headers: { 'Content-Type': 'application/json' } };
  const fd = new FormData();
  fd.append('case', new Blob([JSON.stringify(data)], { type: 'application/json' }), 'case.json');
  for (const p of new Set(named)) fd.append(p, files.get(p), p.split('/').pop());
  return { body: fd, headers: {} };
}

function status(text) { $('#status').textContent = text; }

function clearProblems() {
  for (const w of document.querySelectorAll('.field.invalid')) w.classList.remove('invalid');
  for (const e of document.querySelectorAll('.field .error')) e.textContent = '';
  $('#summary').hidden = true;
  $('#summary').textContent = '';
}

// showProblems puts each problem under its field, or, for a field the
// form does not show, in the summary, worded as the CLI words it.
function showProblems(problems) {
  clearProblems();
  const rest = [];
  for (const p of problems) {
    const w = document.querySelector(`.field[data-pointer="${CSS.escape(p.pointer || '')}"]`);
    if (w) {
      w.classList.add('invalid');
      const e = w.querySelector('.error');
      e.textContent = (e.textContent ? e.textContent + '\n' : '') + p.message;
    } else {
      rest.push(`${p.pointer || '/'}: ${p.message}`);
    }
  }
  if (rest.length) { $('#summary').hidden = false; $('#summary').textContent = rest.join('\n'); }
}

function scheduleCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(check, 250);
}

// check asks the server about the case; a valid case gets a new preview.
async function check() {
  const seq = ++checkSeq;
  const data = collect();
  const res = await fetch('/v1/validate', { method: 'POST', ...body(data) });
  if (seq !== checkSeq) return false;
  const out = await res.json();
  if (res.status === 422) { showProblems(out.problems); status(`${out.problems.length} 处需修改`); return false; }
  if (!res.ok) { showProblems([{ pointer: '', message: out.error }]); status('出错'); return false; }
  clearProblems();
  status('校验通过');
  preview(data);
  return true;
}

async function preview(data) {
  const res = await fetch('/v1/render?doc=registration&format=pdf', { method: 'POST', ...body(data || collect()) });
  if (!res.ok) {
    const out = await res.json();
    if (out.problems) showProblems(out.problems); else status(out.error);
    return;
  }
  const blob = await res.blob();
  if (pdfURL) URL.revokeObjectURL(pdfURL);
  pdfURL = URL.createObjectURL(blob);
  $('#pdf').src = pdfURL;
  $('#pdf').dataset.bytes = String(blob.size);
  $('#print').disabled = false;
}

async function save() {
  // The click that brought us here blurred a field and queued a check:
  // the save checks now, and a late check must not overwrite its word.
  clearTimeout(checkTimer);
  if (!(await check())) return;
  const id = caseID();
  const data = collect();
  const send = (overwrite) => fetch(`/v1/cases/${encodeURIComponent(id)}${overwrite ? '?overwrite=true' : ''}`, { method: 'PUT', ...body(data) });
  let res = await send(loadedID === id);
  if (res.status === 409) {
    if (!confirm(`案卷 ${id} 已存在。覆盖已保存的案卷？`)) { status('未保存'); return; }
    res = await send(true);
  }
  const out = await res.json();
  if (!res.ok) { if (out.problems) showProblems(out.problems); status(out.error || '保存失败'); return; }
  loadedID = id;
  status(`已保存 ${out.file}`);
  loadList();
}

function buildForm(value) {
  const form = $('#case-form');
  form.textContent = '';
  files.clear();
  const req = schema.required || [];
  for (const k of SECTIONS) field(form, k, schema.properties[k], '/' + k, value[k], req.includes(k));
}

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return { date: `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}`, local: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:00${localOffset()}`, time: `${p(d.getHours())}${p(d.getMinutes())}` };
}

function newCase() {
  const t = today();
  loadedID = null;
  buildForm({ id: `KS-${t.date}-${t.time}`, intake: { received_at: t.local, channel: 'service_desk', level: 'normal' }, customer: { kind: 'individual' } });
  clearProblems();
  status('新案卷');
}

async function openCase(id) {
  const res = await fetch(`/v1/cases/${encodeURIComponent(id)}`);
  const out = await res.json();
  if (!res.ok) { status(out.error); return; }
  buildForm(out.case);
  loadedID = id;
  // The case's photos come along, so every check and preview sends them.
  for (const input of document.querySelectorAll('input[data-kind="file"]')) {
    const path = input.dataset.value;
    if (!path) continue;
    const f = await fetch(`/v1/cases/${encodeURIComponent(id)}/files?path=${encodeURIComponent(path)}`);
    if (f.ok) files.set(path, new File([await f.blob()], path.split('/').pop()));
  }
  status(`已打开 ${out.file}`);
  if (out.problems) showProblems(out.problems); else check();
}

const STATUS = { open: '待处理', in_progress: '处理中', awaiting_customer: '待顾客答复', resolved: '已达成协议', closed: '已结案', invalid: '有误' };
const DEADLINE = { reply: '首次回复', update: '进展告知', solution: '处理方案', payment: '付款', follow_up: '回访', D3: 'D3 围堵', D4: 'D4 原因', D5: 'D5 纠正', D8: 'D8 结案' };

// deadlineText says the next deadline a case has and what it missed.
function deadlineText(c) {
  const parts = [];
  if (c.overdue) parts.push(`超期 ${c.overdue} 项`);
  if (c.next) parts.push(`${DEADLINE[c.next.kind] || c.next.kind} ${c.next.due.replace('T', ' ').slice(0, c.next.whole_day ? 10 : 16)}`);
  return parts.join('；');
}

async function loadList() {
  const res = await fetch('/v1/cases');
  const tbody = $('#cases tbody');
  tbody.textContent = '';
  if (!res.ok) { $('#cases-pane').hidden = true; return; }
  for (const c of (await res.json()).cases) {
    const tr = el('tr', { 'data-id': c.id, class: c.overdue ? 'overdue' : null },
      el('td', { text: c.id }), el('td', { text: c.customer || '' }),
      el('td', { text: (c.received_at || '').replace('T', ' ').slice(0, 16) }),
      el('td', { text: STATUS[c.status] || c.status }),
      el('td', { text: deadlineText(c) }));
    tr.onclick = () => openCase(c.id);
    tbody.append(tr);
  }
}

async function init() {
  schema = await (await fetch('/v1/schema')).json();
  newCase();
  $('#new-case').onclick = newCase;
  $('#validate').onclick = check;
  $('#preview').onclick = () => preview();
  $('#print').onclick = () => { try { $('#pdf').contentWindow.print(); } catch (e) { window.open(pdfURL); } };
  $('#save').onclick = save;
  loadList();
  document.body.dataset.ready = '1';
}

init();
