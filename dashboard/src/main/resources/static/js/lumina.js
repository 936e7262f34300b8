// Lumina dashboard behaviour. Loaded from 'self' (the CSP allows no inline script): it places
// waterfall bars, draws ECharts charts from data-chart JSON, and marks the selected span.
(function () {
  'use strict';
  var charts = [];

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }

  function fmt(unit, v) {
    if (v === null || v === undefined || v === '') return '—';
    var n = Number(v);
    if (unit === 'usd' && n === 0) return '$0';
    if (unit === 'usd') return '$' + (Math.abs(n) >= 1 ? n.toFixed(2) : Math.abs(n) >= 0.01 ? n.toFixed(4) : n.toFixed(6));
    if (unit === 'ms') return n >= 1000 ? (n / 1000).toFixed(2) + ' s' : n.toFixed(0) + ' ms';
    if (unit === 'pct') return (n * 100).toFixed(1) + '%';
    return n >= 10000 ? (n / 1000).toFixed(1) + 'k' : String(Math.round(n * 100) / 100);
  }

  var palette = ['#7c5cff', '#22b3a5', '#f0a33a', '#e5556a', '#3a8ff0', '#9bb24a', '#b35cd6', '#5b6b8c', '#e07b39', '#2fa3d6'];

  function drawChart(el) {
    if (!window.echarts || el.dataset.drawn) return;
    var spec;
    try { spec = JSON.parse(el.dataset.chart); } catch (e) { return; }
    el.dataset.drawn = '1';
    var unit = spec.unit || 'count';
    var stacked = spec.kind === 'stacked';
    var bar = spec.kind === 'bar' || stacked;
    var chart = echarts.init(el, null, {renderer: 'canvas'});
    chart.setOption({
      color: palette,
      animationDuration: 300,
      grid: {left: 8, right: 16, top: spec.series.length > 1 ? 36 : 14, bottom: 8, containLabel: true},
      legend: spec.series.length > 1 ? {top: 0, type: 'scroll', textStyle: {fontSize: 11}} : undefined,
      tooltip: {
        trigger: 'axis', confine: true,
        // Series names are user data (model and service names): escaped before ECharts sees them as HTML.
        formatter: function (items) {
          var out = esc(items.length ? items[0].axisValueLabel : '');
          items.forEach(function (it) {
            if (it.value === null || it.value === undefined) return;
            out += '<br>' + it.marker + esc(it.seriesName) + ': <b>' + esc(fmt(unit, it.value)) + '</b>';
          });
          return out;
        }
      },
      xAxis: {type: 'category', data: spec.x, boundaryGap: bar, axisLabel: {color: '#646b80', fontSize: 11},
        axisLine: {lineStyle: {color: '#d6d9e3'}}},
      yAxis: {type: 'value', axisLabel: {color: '#646b80', fontSize: 11, formatter: function (v) { return fmt(unit, v); }},
        splitLine: {lineStyle: {color: '#eef0f5'}}},
      series: spec.series.map(function (s) {
        return {
          name: s.name, type: bar ? 'bar' : 'line', data: s.data, stack: stacked ? 'total' : undefined,
          smooth: !bar, showSymbol: spec.x.length < 30, symbolSize: 5, barMaxWidth: 28,
          areaStyle: !bar && spec.series.length === 1 ? {opacity: 0.12} : undefined,
          emphasis: {focus: 'series'}
        };
      })
    });
    charts.push(chart);
  }

  function init(root) {
    root.querySelectorAll('[data-left]').forEach(function (el) {
      el.style.left = el.dataset.left + '%';
      el.style.width = el.dataset.width + '%';
    });
    root.querySelectorAll('.wf-row[data-depth]').forEach(function (el) {
      var name = el.querySelector('.wf-name');
      if (name) name.style.paddingLeft = (12 + 16 * Number(el.dataset.depth)) + 'px';
    });
    root.querySelectorAll('[data-progress]').forEach(function (el) {
      el.style.width = Math.max(0, Math.min(100, Number(el.dataset.progress))) + '%';
    });
    root.querySelectorAll('[data-chart]').forEach(drawChart);
    var panel = document.getElementById('span-panel');
    if (panel && panel.dataset.spanId) {
      document.querySelectorAll('.wf-row.selected').forEach(function (r) { r.classList.remove('selected'); });
      var row = document.querySelector('.wf-row[data-span-id="' + panel.dataset.spanId + '"]');
      if (row) row.classList.add('selected');
    }
  }

  // A click on the caret folds the subtree; a click elsewhere on the row selects the span (htmx).
  document.addEventListener('click', function (e) {
    var caret = e.target.closest && e.target.closest('.caret');
    if (caret) {
      var details = caret.closest('details');
      if (details) { e.preventDefault(); e.stopPropagation(); details.open = !details.open; }
    }
  }, true);

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });

  if (window.htmx) {
    htmx.onLoad(init);
  } else {
    document.addEventListener('DOMContentLoaded', function () { init(document); });
  }
})();
