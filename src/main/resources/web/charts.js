/*
 * loopreg's charts: each <script type="application/json" class="chart-data"> holds a group of charts (one page's, sharing
 * a time range, phases and decisions); each <figure class="tchart"> of the group is drawn with uPlot in place of the
 * small SVG the server drew for readers without JavaScript. The cursor and the zoom (drag across a chart; double-click
 * resets) move together on all charts of a group. Served from the server itself (CSP 'self'); no inline script.
 */
(function () {
  'use strict';
  if (typeof uPlot === 'undefined') return;
  var FILL = {bootstrap: 'rgba(33,150,243,0.10)', stabilize: 'rgba(255,193,7,0.16)', operate: 'rgba(76,175,80,0.13)',
    window: 'rgba(255,152,0,0.18)'};
  var MARKER = '#6a1b9a';
  var THRESHOLD = '#c62828';

  function num(v) {
    if (v == null) return '—';
    var a = Math.abs(v);
    if (a !== 0 && (a < 0.001 || a >= 1e6)) return v.toExponential(2);
    return String(parseFloat(v.toPrecision(4)));
  }

  function draw(fig, g, c) {
    var holder = fig.querySelector('.plot');
    var label = holder.querySelector('svg') ? holder.querySelector('svg').getAttribute('aria-label') : c.title;
    var zone = g.zone;
    var date = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), zone); };
    var fmtDay = uPlot.fmtDate('{MMM} {D}');
    var fmtHour = uPlot.fmtDate('{HH}:{mm}');
    var fmtMonth = uPlot.fmtDate('{MMM} {YYYY}');
    var xs = c.x.map(function (v) { return v + g.t0; });
    var lo = c.ticks[0];
    var hi = c.ticks[c.ticks.length - 1];
    var opts = {
      width: Math.max(260, Math.min(600, holder.clientWidth || 600)),
      height: 200,
      tzDate: date,
      scales: {
        // the group's whole range, unless a drag asked for part of it (uPlot passes the data's own extent when it resets)
        x: {time: true, range: function (u, min, max) {
          var all = [g.t0 + g.from, g.t0 + g.to];
          if (min == null || max == null || xs.length === 0 || (min === xs[0] && max === xs[xs.length - 1]) || max <= min) return all;
          return [min, max];
        }},
        y: {range: function () { return [lo, hi]; }}
      },
      axes: [
        {stroke: '#333', grid: {stroke: '#eee'}, ticks: {stroke: '#bbb'},
          values: function (u, splits, ax, space, incr) {
            return splits.map(function (ts) {
              var d = date(ts);
              if (incr >= 28 * 86400) return fmtMonth(d);
              if (incr >= 86400 || (d.getHours() === 0 && d.getMinutes() === 0)) return fmtDay(d);
              return fmtHour(d);
            });
          }},
        {stroke: '#333', size: 46, grid: {stroke: '#eee'}, ticks: {stroke: '#bbb'},
          splits: function () { return c.ticks; },
          values: function (u, splits) { return splits.map(num); }}
      ],
      series: [
        {value: '{YYYY}-{MM}-{DD} {HH}:{mm}'},
        {label: c.title, stroke: '#1565c0', width: 1.5, spanGaps: false, points: {show: false},
          value: function (u, v) { return num(v); }}
      ],
      cursor: {sync: {key: g.key}, drag: {x: true, y: false}},
      legend: {live: true},
      hooks: {
        drawClear: [function (u) { background(u, g, c); }],
        draw: [function (u) { overlays(u, g, c); }],
        setScale: [function (u, key) { if (key === 'x') zoomed(g, u); }]
      }
    };
    holder.textContent = '';
    var plot = new uPlot(opts, [xs, c.y], holder);
    plot.root.setAttribute('role', 'img');
    plot.root.setAttribute('aria-label', label);
    fig.uplot = plot;   // for the page's own tests: the chart of a figure
    g.plots.push(plot);
    return plot;
  }

  function x(u, t) { return u.valToPos(t, 'x', true); }

  function background(u, g, c) {
    var ctx = u.ctx;
    var b = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(b.left, b.top, b.width, b.height);
    ctx.clip();
    (g.phases.concat(c.spans || [])).forEach(function (s) {
      var a = x(u, s[0] + g.t0);
      var e = x(u, s[1] + g.t0);
      ctx.fillStyle = FILL[s[3]] || 'rgba(0,0,0,0.05)';
      ctx.fillRect(a, b.top, Math.max(1, e - a), b.height);
    });
    if (c.band) {
      var top = c.band.high == null ? b.top : u.valToPos(c.band.high, 'y', true);
      var bottom = c.band.low == null ? b.top + b.height : u.valToPos(c.band.low, 'y', true);
      ctx.fillStyle = 'rgba(46,125,50,0.12)';
      ctx.fillRect(b.left, top, b.width, bottom - top);
    }
    ctx.restore();
  }

  function overlays(u, g, c) {
    var ctx = u.ctx;
    var b = u.bbox;
    var px = devicePixelRatio || 1;
    ctx.save();
    ctx.font = (11 * px) + 'px system-ui, sans-serif';
    if (c.threshold != null) {
      var ty = u.valToPos(c.threshold, 'y', true);
      ctx.strokeStyle = THRESHOLD;
      ctx.lineWidth = px;
      ctx.setLineDash([6 * px, 3 * px]);
      ctx.beginPath();
      ctx.moveTo(b.left, ty);
      ctx.lineTo(b.left + b.width, ty);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = THRESHOLD;
      ctx.textAlign = 'right';
      ctx.fillText(c.threshold_text || num(c.threshold), b.left + b.width - 2 * px, ty - b.top < 14 * px ? ty + 12 * px : ty - 3 * px);
    }
    // decisions: a dashed line each, the id in one of two rows above the plot, skipped where there is no room
    var ends = [-Infinity, -Infinity];
    ctx.textAlign = 'left';
    g.markers.forEach(function (m) {
      var mx = x(u, m[0] + g.t0);
      if (mx < b.left - 1 || mx > b.left + b.width + 1) return;
      ctx.strokeStyle = MARKER;
      ctx.lineWidth = px;
      ctx.setLineDash([4 * px, 3 * px]);
      ctx.beginPath();
      ctx.moveTo(mx, b.top);
      ctx.lineTo(mx, b.top + b.height);
      ctx.stroke();
      ctx.setLineDash([]);
      var w = ctx.measureText(m[1]).width;
      var left = Math.min(mx + 3 * px, b.left + b.width - w);
      for (var row = 0; row < 2; row++) {
        if (left > ends[row] + 4 * px) {
          ctx.fillStyle = MARKER;
          ctx.fillText(m[1], left, b.top + (11 + row * 12) * px);
          ends[row] = left + w;
          break;
        }
      }
    });
    ctx.restore();
  }

  function zoomed(g, from) {
    if (g.syncing) return;
    g.syncing = true;
    var min = from.scales.x.min;
    var max = from.scales.x.max;
    g.plots.forEach(function (p) { if (p !== from) p.setScale('x', {min: min, max: max}); });
    g.syncing = false;
  }

  function resize(g) {
    g.plots.forEach(function (p) {
      var w = Math.max(260, Math.min(600, p.root.parentNode.clientWidth || 600));
      if (w !== p.width) p.setSize({width: w, height: 200});
    });
  }

  var groups = [];
  document.querySelectorAll('script.chart-data').forEach(function (el) {
    var g = JSON.parse(el.textContent);
    g.plots = [];
    var byId = {};
    g.charts.forEach(function (c) { byId[c.id] = c; });
    document.querySelectorAll('figure.tchart[data-group="' + el.id + '"]').forEach(function (fig) {
      var c = byId[fig.getAttribute('data-chart')];
      if (c) draw(fig, g, c);
    });
    groups.push(g);
  });
  document.body.classList.add('charts-drawn');   // for the pages' tests: every chart of the page is drawn
  var pending = null;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(function () { groups.forEach(resize); }, 150);
  });
})();
