// Filters and sorting for the page list. Reads only the report's own data-*
// attributes and writes only hidden and open flags, element order and one
// status line (as text): nothing from an audited page is ever parsed as
// markup. Without it every page is listed, each opening with a click.
(function () {
  'use strict';
  var panel = document.getElementById('filters');
  var list = document.getElementById('page-list');
  var status = document.getElementById('filter-status');
  var reset = document.getElementById('f-reset');
  if (!panel || !list || !status || !reset) { return; }
  var pages = Array.prototype.slice.call(list.querySelectorAll('details.page'));
  var findings = Array.prototype.slice.call(list.querySelectorAll('.finding'));
  var names = ['group', 'impact', 'outcome', 'rule', 'page', 'baseline'];

  function control(name) { return panel.querySelector('select[name="' + name + '"]'); }

  function chosen() {
    var wanted = {};
    names.forEach(function (name) {
      var select = control(name);
      wanted[name] = select ? select.value : '';
    });
    return wanted;
  }

  function matches(element, wanted) {
    return names.every(function (name) {
      if (!wanted[name]) { return true; }
      var values = (element.getAttribute('data-' + name) || '').split(' ');
      return values.indexOf(wanted[name]) !== -1;
    });
  }

  // A filter chosen opens the pages it leaves, so what it found is in view;
  // "Show everything" closes them again.
  function apply(opening) {
    var wanted = chosen();
    var filtering = names.some(function (name) { return wanted[name] !== ''; });
    var shown = 0;
    findings.forEach(function (finding) {
      var show = matches(finding, wanted);
      finding.hidden = !show;
      if (show) { shown += 1; }
    });
    pages.forEach(function (page) {
      var inPage = !wanted.page || page.getAttribute('data-page') === wanted.page;
      var any = page.querySelector('.finding:not([hidden])') !== null;
      page.hidden = !inPage || (filtering && !any);
      if (opening) { page.open = filtering && !page.hidden; }
    });
    status.textContent = shown + (shown === 1 ? ' finding shown' : ' findings shown');
  }

  var orders = {
    worst: function (a, b) { return num(a, 'data-rank') - num(b, 'data-rank'); },
    most: function (a, b) { return num(b, 'data-fails') - num(a, 'data-fails') || num(a, 'data-rank') - num(b, 'data-rank'); },
    given: function (a, b) { return num(a, 'data-order') - num(b, 'data-order'); },
    address: function (a, b) { return a.getAttribute('data-url') < b.getAttribute('data-url') ? -1 : 1; }
  };

  function num(element, name) { return Number(element.getAttribute(name)) || 0; }

  function sort() {
    var select = control('sort');
    var order = orders[select ? select.value : 'worst'] || orders.worst;
    pages.slice().sort(order).forEach(function (page) { list.appendChild(page); });
  }

  panel.addEventListener('change', function (event) {
    if (event.target && event.target.name === 'sort') { sort(); } else { apply(true); }
  });
  reset.addEventListener('click', function () {
    Array.prototype.forEach.call(panel.querySelectorAll('select'), function (select) { select.selectedIndex = 0; });
    sort();
    apply(true);
  });
  panel.hidden = false;
  apply(false);
}());

// The page index of a big run's summary: a filter by worst barrier and by
// words in a page's title or address, and sorting. Reads only the report's
// own data-* attributes and the rows' text, writes only hidden flags, row
// order and one status line (as text). Without it the index is a plain table.
(function () {
  'use strict';
  var panel = document.getElementById('index-filters');
  var table = document.getElementById('page-index');
  var status = document.getElementById('index-status');
  if (!panel || !table || !status || !table.tBodies.length) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  var impact = panel.querySelector('select[name="impact"]');
  var words = panel.querySelector('input[name="text"]');
  var order = panel.querySelector('select[name="sort"]');

  function num(row, name) { return Number(row.getAttribute(name)) || 0; }
  function address(row) { return row.cells[1] ? row.cells[1].textContent : ''; }

  var orders = {
    worst: function (a, b) { return num(a, 'data-rank') - num(b, 'data-rank'); },
    most: function (a, b) { return num(b, 'data-fails') - num(a, 'data-fails') || num(a, 'data-rank') - num(b, 'data-rank'); },
    given: function (a, b) { return num(a, 'data-order') - num(b, 'data-order'); },
    address: function (a, b) { return address(a) < address(b) ? -1 : (address(a) > address(b) ? 1 : 0); }
  };

  function apply() {
    var wanted = impact ? impact.value : '';
    var needle = words ? words.value.trim().toLowerCase() : '';
    var shown = 0;
    rows.forEach(function (row, i) {
      var show = (!wanted || row.getAttribute('data-worst') === wanted) && (!needle || texts[i].indexOf(needle) !== -1);
      row.hidden = !show;
      if (show) { shown += 1; }
    });
    status.textContent = shown + (shown === 1 ? ' page shown' : ' pages shown');
  }

  function sort() {
    var sorted = rows.slice().sort(orders[order ? order.value : 'worst'] || orders.worst);
    var fragment = document.createDocumentFragment();
    sorted.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
  }

  panel.addEventListener('change', function (event) {
    if (event.target === order) { sort(); } else { apply(); }
  });
  if (words) { words.addEventListener('input', apply); }
  panel.hidden = false;
  apply();
}());
