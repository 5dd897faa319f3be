/* Explore in place: a click answers in one round trip and the page stays (callbacks/explore.py).
 *
 * - apply: draws the view's answer (explore-payload) into the chart, the pivot or the detail grid;
 *   the chart's table follows once the chart is painted.
 * - address: keeps the address bar and the history (one entry per step; back and forward replace).
 * - drawn: says a view is drawn, after the paint, so the insights (and the answers ahead) are asked
 *   for only then.
 * - ahead: keeps the answers to a click on the chart's biggest bars (callbacks/explore.py ``ahead``):
 *   such a click is drawn at once, from memory, and the server is told the new state afterwards (the
 *   controls, the breadcrumb and the insights follow); any other bar asks the server (explore-drill).
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

  function plain(value) {
    /* one spelling for a control's value: no choice is empty whether null, '' or [] */
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
      return '';
    }
    return JSON.stringify(value);
  }

  function plotNamed(filename) {
    /* the modebar's camera and the Download PNG button name the file after the view */
    const plot = document.querySelector('#explore-graph .js-plotly-plot');
    if (plot && plot._context && filename) {
      plot._context.toImageButtonOptions = Object.assign({}, plot._context.toImageButtonOptions, {filename: filename});
    }
  }

  let ready = null;      // the answers sent ahead for the chart drawn last: {stamp, version, steps}
  let drawnStamp = null; // which drawing the answers ahead must belong to
  let pending = false;   // a step drawn from the answers ahead, its state not yet back from the server
  let drills = 0;
  let stamps = 0;

  function forgetAhead() {
    ready = null;
    drawnStamp = null;
  }

  function chartDrawn() {
    /* the chart library's own drawing is there (it draws after the page is laid out) */
    const graph = document.getElementById('explore-graph');
    return !graph || graph.querySelector('.main-svg') !== null;
  }

  function whenChartDrawn(fn, frames) {
    /* on a first open the chart library is still drawing when the page is: wait for it (at most ~5 s),
       so what follows the view (insights, answers ahead, memory) never competes with its drawing */
    if (frames > 300 || chartDrawn()) {
      fn();
    } else {
      window.requestAnimationFrame(function () { whenChartDrawn(fn, frames + 1); });
    }
  }

  function sayDrawn() {
    const graph = document.getElementById('explore-graph');
    const shown = graph !== null && graph.offsetParent !== null;  // the pivot and the detail views hide it
    whenChartDrawn(function () { afterPaint(function () {
      if (exists('explore-page')) {
        stamps += 1;
        drawnStamp = Date.now() + '-' + stamps;
        window.dash_clientside.set_props('explore-drawn', {data: drawnStamp});
      }
    }); }, shown ? 0 : 301);
  }

  function drawAhead(step, version) {
    /* the step's answer is here: draw it, then keep the address and tell the server the state */
    const search = step.search;
    explore.apply(step);
    pending = true;
    afterPaint(function () {
      const target = window.location.pathname + search;
      if (window.location.pathname + window.location.search !== target) {
        window.history.pushState({}, '', target);
      }
      go(search, false, version);
    });
  }

  const explore = {
    apply: function (payload) {
      const dc = window.dash_clientside;
      if (!payload || !payload.view) {
        return dc.no_update;
      }
      forgetAhead();
      pending = false;
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
      // after the chart is painted: keeping the history costs the drawing nothing then
      afterPaint(function () {
        const target = window.location.pathname + url.search;
        if (window.location.pathname + window.location.search !== target) {
          if (url.replace) {
            window.history.replaceState(window.history.state, '', target);
          } else {
            window.history.pushState({}, '', target);
          }
        }
      });
      return dc.no_update;
    },

    frame: function (parts) {
      /* the breadcrumb, the filter chips, the tabs, the exports: after the chart is painted */
      if (parts) {
        afterPaint(function () {
          Object.keys(parts).forEach(function (id) { set(id, {children: parts[id]}); });
        });
      }
      if (pending) {  // the server has the state of the step drawn ahead: now it is drawn for good
        pending = false;
        sayDrawn();
      }
      return window.dash_clientside.no_update;
    },

    held: function () {
      /* the members whose drill is held ahead for the chart shown (for tests and the benchmark) */
      return ready && ready.steps ? Object.keys(ready.steps) : [];
    },

    ahead: function (answer) {
      if (answer && answer.stamp && answer.stamp === drawnStamp && answer.steps) {
        ready = answer;
      }
      return window.dash_clientside.no_update;
    },

    shared: function () {
      /* a shared control the person changed (not one the page set to the state's value) */
      const dc = window.dash_clientside;
      const args = Array.prototype.slice.call(arguments);
      const shown = args.pop() || {};
      const names = ['region', 'country', 'channel', 'ctype'];
      const triggered = (dc.callback_context && dc.callback_context.triggered) || [];
      for (let i = 0; i < triggered.length; i += 1) {
        const id = String(triggered[i].prop_id || '').split('.')[0];
        const name = id.replace(/^explore-/, '');
        const at = names.indexOf(name);
        if (at >= 0 && plain(args[at]) !== plain(shown[name])) {
          return {control: id, value: args[at], step: Date.now()};
        }
      }
      return dc.no_update;
    },

    click: function (data) {
      /* a click on a bar: drawn at once when its answer came ahead, else asked of the server */
      const point = data && data.points && data.points[0];
      if (!point || point.customdata === undefined || point.customdata === null) {
        return window.dash_clientside.no_update;
      }
      const member = String(point.customdata);
      const step = ready && ready.steps ? ready.steps[member] : undefined;
      if (step) {
        drawAhead(step, ready.version);
        return window.dash_clientside.no_update;
      }
      drills += 1;
      return {member: member, step: drills};
    },

    drawn: function () {
      if (!pending) {  // a step drawn ahead says so once the server has its state (frame)
        sayDrawn();
      }
      return window.dash_clientside.no_update;
    },
  };

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.explore = explore;

  let step = 0;

  function go(search, pop, drawn) {
    step += 1;
    forgetAhead();
    const nav = {search: search, pop: pop, step: step};
    if (drawn) {
      nav.drawn = drawn;  // the view is drawn already, from answers of this warehouse version
    }
    window.dash_clientside.set_props('explore-nav', {data: nav});
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
