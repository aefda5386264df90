// The analyst dashboard: one federated query for every province in force and the nation, a
// province table and five charts. Suppressed cells are shown as such, never as zero. With
// `#epsilon=…` in the URL it asks for differentially private counts instead and shows the ε spent.
/* global echarts */

import { DASHBOARD_QUERY, FIELDS, privateQuery } from './query.js';

function requestedEpsilon() {
  const match = /epsilon=([0-9.]+)/.exec(location.hash);
  return match ? Number(match[1]) : null;
}

function summedNation(provinces, nation) {
  const sum = (cells) => ({
    category: cells[0].category,
    count: cells.reduce((n, c) => n + c.count, 0),
    suppressed: false,
  });
  for (const field of FIELDS) {
    const rows = provinces.map((p) => p[field]);
    nation[field] = {
      total: sum(rows.map((r) => r.total)),
      cells: rows[0].cells.map((_, k) => sum(rows.map((r) => r.cells[k]))),
    };
  }
  return nation;
}

function showPrivacy(provinces) {
  const reports = FIELDS.map((f) => provinces[0][f].privacy);
  const el = document.getElementById('privacy');
  const epsilon = reports[0].epsilon;
  const left = Math.min(...reports.map((r) => r.remainingBudget));
  el.dataset.epsilon = String(epsilon);
  el.dataset.remainingBudget = String(left);
  el.textContent =
    `Differentially private: ε = ${epsilon} per statistic, ${reports.length} statistics ` +
    `(ε = ${Math.round(epsilon * reports.length * 1000) / 1000} spent by this page); ` +
    `budget left ε = ${left}. Counts are noisy, never suppressed; the nation sums the provinces.`;
}

/** The table's columns: a statistic's total, or one of its cells. */
const COLUMNS = [
  { label: 'Population', field: 'populationBySexAndAge', category: 'TOTAL' },
  { label: 'Insured', field: 'insuredByBeneficiaryGroup', category: 'TOTAL' },
  { label: 'Coverage', coverage: true },
  { label: 'Licences (class-held)', field: 'licencesByClass', category: 'TOTAL' },
  { label: 'Vehicles', field: 'vehiclesByType', category: 'TOTAL' },
  { label: 'Motorbikes', field: 'vehiclesByType', category: 'MOTORBIKE' },
  { label: 'Cars', field: 'vehiclesByType', category: 'CAR' },
  { label: 'Taxpayers', field: 'taxpayersByIncomeBand', category: 'TOTAL' },
  { label: 'Not filed', field: 'taxpayersByIncomeBand', category: 'NOT_FILED' },
];

function token(epsilon) {
  const match = /token=([^&]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem('analystToken', decodeURIComponent(match[1]));
    history.replaceState(null, '', location.pathname + (epsilon ? `#epsilon=${epsilon}` : ''));
  }
  return sessionStorage.getItem('analystToken');
}

const cellOf = (area, field, category) => {
  const distribution = area[field];
  if (!distribution) return null;
  return category === 'TOTAL'
    ? distribution.total
    : distribution.cells.find((c) => c.category === category);
};

const number = new Intl.NumberFormat('vi-VN');

function td(cell, field, category, code) {
  const el = document.createElement('td');
  el.dataset.province = code;
  el.dataset.field = field;
  el.dataset.category = category;
  if (!cell || cell.suppressed) {
    el.className = 'suppressed';
    el.textContent = 'suppressed';
  } else {
    el.dataset.count = String(cell.count);
    el.textContent = number.format(cell.count);
  }
  return el;
}

function coverageTd(area) {
  const el = document.createElement('td');
  el.dataset.province = area.code;
  el.dataset.field = 'coverage';
  const insured = area.insuredByBeneficiaryGroup?.total;
  const population = area.populationBySexAndAge?.total;
  if (!insured || !population || insured.suppressed || population.suppressed) {
    el.className = 'suppressed';
    el.textContent = 'suppressed';
  } else {
    el.textContent = `${((100 * insured.count) / population.count).toFixed(1)} %`;
  }
  return el;
}

function renderTable(provinces, nation) {
  const table = document.getElementById('provinces');
  const head = table.createTHead().insertRow();
  for (const label of ['Province', ...COLUMNS.map((c) => c.label)]) {
    const th = document.createElement('th');
    th.textContent = label;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const area of [...provinces, nation]) {
    const row = body.insertRow();
    row.dataset.province = area.code;
    if (area.code === 'VN') row.className = 'nation';
    row.insertCell().textContent = area.name;
    for (const column of COLUMNS) {
      row.appendChild(
        column.coverage
          ? coverageTd(area)
          : td(
              cellOf(area, column.field, column.category),
              column.field,
              column.category,
              area.code,
            ),
      );
    }
  }
}

/** Chart values: null for a suppressed cell (a gap), with the categories it hides listed. */
const values = (cells) => cells.map((c) => (c.suppressed ? null : c.count));
const hiddenNote = (cells) => {
  const hidden = cells.filter((c) => c.suppressed).map((c) => c.category);
  return hidden.length ? `suppressed: ${hidden.join(', ')}` : '';
};

function chart(id, title, cells, option) {
  const instance = echarts.init(document.getElementById(id));
  instance.setOption({
    title: { text: title, subtext: hiddenNote(cells), left: 'center', textStyle: { fontSize: 14 } },
    tooltip: {},
    grid: { top: 70, left: 60, right: 20, bottom: 40 },
    ...option,
  });
}

function renderCharts(provinces, nation) {
  const pyramid = nation.populationBySexAndAge.cells;
  const bands = [...new Set(pyramid.map((c) => c.category.split(':')[1]))];
  const side = (sex, sign) =>
    bands.map((band) => {
      const cell = pyramid.find((c) => c.category === `${sex}:${band}`);
      return cell.suppressed ? null : sign * cell.count;
    });
  chart('pyramid', 'Population pyramid (nation)', pyramid, {
    legend: { bottom: 0 },
    xAxis: { type: 'value', axisLabel: { formatter: (v) => Math.abs(v) } },
    yAxis: { type: 'category', data: bands },
    series: [
      { name: 'Male', type: 'bar', stack: 'p', data: side('MALE', -1) },
      { name: 'Female', type: 'bar', stack: 'p', data: side('FEMALE', 1) },
    ],
  });
  const coverage = provinces.map((p) => {
    const i = p.insuredByBeneficiaryGroup.total;
    const n = p.populationBySexAndAge.total;
    return i.suppressed || n.suppressed ? null : Math.round((1000 * i.count) / n.count) / 10;
  });
  chart('coverage', 'Health insurance coverage by province (%)', [], {
    xAxis: {
      type: 'category',
      data: provinces.map((p) => p.name),
      axisLabel: { rotate: 60, fontSize: 9 },
    },
    yAxis: { type: 'value', max: 100 },
    grid: { top: 50, left: 50, right: 20, bottom: 110 },
    series: [{ type: 'bar', data: coverage }],
  });
  const vehicles = nation.vehiclesByType.cells;
  chart('vehicles', 'Active vehicles by type (nation)', vehicles, {
    xAxis: { type: 'category', data: vehicles.map((c) => c.category) },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', data: values(vehicles) }],
  });
  const licences = nation.licencesByClass.cells;
  chart('licences', 'Driver licences by class (nation)', licences, {
    xAxis: { type: 'category', data: licences.map((c) => c.category) },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', data: values(licences) }],
  });
  const months = nation.registrationsByMonth.cells;
  chart('registrations', 'Vehicle registrations per month (nation)', months, {
    xAxis: { type: 'category', data: months.map((c) => c.category) },
    yAxis: { type: 'value' },
    series: [{ type: 'line', connectNulls: false, data: values(months) }],
  });
}

async function main() {
  const epsilon = requestedEpsilon();
  const bearer = token(epsilon);
  if (!bearer) {
    const form = document.getElementById('login');
    form.style.display = 'block';
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      sessionStorage.setItem('analystToken', document.getElementById('token').value.trim());
      location.reload();
    });
    return;
  }
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query: epsilon ? privateQuery(epsilon) : DASHBOARD_QUERY }),
  });
  const answer = await response.json();
  if (answer.errors?.length) {
    document.getElementById('error').textContent = answer.errors
      .map((e) => `${e.extensions?.code}: ${e.message}`)
      .join('\n');
    return;
  }
  const { provinces } = answer.data;
  const nation = epsilon ? summedNation(provinces, answer.data.nation) : answer.data.nation;
  if (epsilon) showPrivacy(provinces);
  renderTable(provinces, nation);
  renderCharts(provinces, nation);
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  document.getElementById('error').textContent = String(error);
});
