/* Explore in place: a click answers in one round trip and the page stays (callbacks/explore.py).
 *
 * - apply: draws the view's answer (explore-payload) into the chart, the pivot or the detail grid;
 *   the chart's table follows once the chart is painted.
 * - address: keeps the address bar and the history (one entry per step; back and forward replace).
 * - drawn: says a view is drawn, after the paint, so the insights are asked for only then.
 * - links inside the page that stay on Explore (the breadcrumb, filter chips, tabs, chart kinds,
 *   the pager) and back/forward between Explore steps go to their state in place (explore-nav)
 *   instead of through the page router, which would build the whole page again.
 */
(function () {
  'use strict';

  function afterPaint(fn) {
    window.requestAnimationFrame(function () { window.setTimeout(fn, 0); });
  }

  function exists(id) {
    return document.getElementById(id) !== null;
  }

  function set(id, props) {
    if (exists(id)) {
      window.dash_clientside.set_props(id, props);
    }
  }

  function plotNamed(filename) {
    /* the modebar's camera and the Download PNG button name the file after the view */
    const plot = document.querySelector('#explore-graph .js-plotly-plot');
    if (plot && plot._context && filename) {
      plot._context.toImageButtonOptions = Object.assign({}, plot._context.toImageButtonOptions, {filename: filename});
    }
  }

  const explore = {
    apply: function (payload) {
      const dc = window.dash_clientside;
      if (!payload || !payload.view) {
        return dc.no_update;
      }
      if (payload.view === 'chart') {
        set('explore-view-message', {children: payload.message});
        set('explore-graph', {figure: payload.figure, style: payload.style});
        afterPaint(function () {
          plotNamed(payload.filename);
          set('explore-table', {rowData: payload.rows, columnDefs: payload.columns});
        });
      } else if (payload.view === 'pivot') {
        set('explore-view-message', {children: payload.message});
        if (exists('explore-pivot')) {
          dc.set_props('explore-pivot-members', {data: payload.members});
          dc.set_props('explore-pivot', {rowData: payload.rows, columnDefs: payload.columns,
                                         dashGridOptions: payload.options});
        }
      } else {
        set('explore-detail-info', {children: payload.info});
        set('explore-detail', {rowData: payload.rows, columnDefs: payload.columns});
        set('explore-detail-pager', {children: payload.pager});
      }
      return payload.search;
    },

    address: function (url) {
      const dc = window.dash_clientside;
      if (!url || typeof url.search !== 'string') {
        return dc.no_update;
      }
      const target = window.location.pathname + url.search;
      if (window.location.pathname + window.location.search !== target) {
        if (url.replace) {
          window.history.replaceState(window.history.state, '', target);
        } else {
          window.history.pushState({}, '', target);
        }
      }
      return dc.no_update;
    },

    frame: function (parts) {
      /* the breadcrumb, the filter chips, the tabs, the exports: after the chart is painted */
      if (parts) {
        afterPaint(function () {
          Object.keys(parts).forEach(function (id) { set(id, {children: parts[id]}); });
        });
      }
      return window.dash_clientside.no_update;
    },

    drawn: function () {
      afterPaint(function () {
        if (exists('explore-page')) {
          window.dash_clientside.set_props('explore-drawn', {data: Date.now()});
        }
      });
      return window.dash_clientside.no_update;
    },
  };

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.explore = explore;

  let step = 0;

  function go(search, pop) {
    step += 1;
    window.dash_clientside.set_props('explore-nav', {data: {search: search, pop: pop, step: step}});
  }

  function onExplore() {
    return exists('explore-page') && /\/explore$/.test(window.location.pathname);
  }

  // Capture phase on the document: before React's handlers (dcc.Link's would push the address and
  // make the router build the page again).
  document.addEventListener('click', function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey ||
        event.altKey || !onExplore()) {
      return;
    }
    const link = event.target.closest ? event.target.closest('a[href]') : null;
    const page = document.getElementById('explore-page');
    if (!link || !page.contains(link) || link.hasAttribute('download') ||
        (link.target && link.target !== '_self')) {
      return;
    }
    const url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== window.location.pathname) {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    go(url.search, false);
  }, true);

  // Registered before dash-renderer mounts dcc.Location: back/forward between two Explore steps
  // is answered in place; anything else (another page) goes on to the router.
  window.addEventListener('popstate', function (event) {
    if (!onExplore()) {
      return;
    }
    event.stopImmediatePropagation();
    go(window.location.search, true);
  });

  // A dcc.Link outside the page (the menu's Explore) has pushed an Explore address already: that
  // entry is the step; the router's location may not see the change (it does not know the steps
  // taken in place), so the page goes there itself and keeps the entry.
  window.addEventListener('_dashprivate_pushstate', function (event) {
    if (!onExplore()) {
      return;
    }
    event.stopImmediatePropagation();
    go(window.location.search, true);
  });
}());
