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
