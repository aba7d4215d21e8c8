(function () {
  'use strict';
  var tip = document.getElementById('tip');
  function sessionsFor(id) {
    return document.querySelectorAll('[data-session="' + id + '"]');
  }
  function light(id, on) {
    sessionsFor(id).forEach(function (el) { el.classList.toggle('hl', on); });
  }
  document.querySelectorAll('#gantt .bar').forEach(function (bar) {
    var title = bar.querySelector('title');
    var text = title ? title.textContent : '';
    if (title) title.remove();
    var id = bar.getAttribute('data-session');
    bar.addEventListener('mouseenter', function () {
      tip.textContent = text; tip.style.display = 'block'; light(id, true);
    });
    bar.addEventListener('mousemove', function (e) {
      var x = Math.min(e.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
      tip.style.left = x + 'px'; tip.style.top = (e.clientY + 16) + 'px';
    });
    bar.addEventListener('mouseleave', function () {
      tip.style.display = 'none'; light(id, false);
    });
    bar.addEventListener('click', function () {
      var row = document.getElementById(id);
      if (!row) return;
      var details = row.querySelector('details');
      if (details) details.open = true;
      row.scrollIntoView({behavior: 'smooth', block: 'start'});
    });
  });
  document.querySelectorAll('tbody.session').forEach(function (row) {
    row.addEventListener('mouseenter', function () { light(row.id, true); });
    row.addEventListener('mouseleave', function () { light(row.id, false); });
  });
  function all(open) {
    document.querySelectorAll('tbody.session details').forEach(function (d) { d.open = open; });
  }
  document.getElementById('open-all').addEventListener('click', function () { all(true); });
  document.getElementById('close-all').addEventListener('click', function () { all(false); });
  var only = document.getElementById('only-failures');
  only.addEventListener('click', function () {
    var on = document.body.classList.toggle('only-failures');
    only.setAttribute('aria-pressed', on ? 'true' : 'false');
  });
  // What the browser laid out, for a reader or a test to check that the chart was drawn.
  var drawn = 0;
  document.querySelectorAll('#gantt .bar rect').forEach(function (r) {
    var box = r.getBoundingClientRect();
    if (box.width > 0 && box.height > 0) drawn++;
  });
  document.body.setAttribute('data-bars-drawn', String(drawn));
  document.body.setAttribute('data-js', 'ready');
})();
