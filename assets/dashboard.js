/* The executive dashboard in the browser (callbacks/executive.py).
 *
 * - drawn: once the page's charts are painted (the page built with its numbers, or drawn by the
 *   ``render`` callback), gives ``exec-drawn`` the page's state; the partner and campaign cards are
 *   asked for only then, so their requests never delay the chart library's download or the charts.
 * - address: the page stays while its state changes (``navigate``): the new state's address goes
 *   into the history once its charts are painted. Back/forward between two dashboard addresses, and a
 *   link to the dashboard clicked on it, are answered in place too (``exec-nav``); anything else goes
 *   on to the page router.
 */
(function () {
  'use strict';

  const CHARTS = ['exec-trend', 'exec-regions', 'exec-countries'];
  const LONGEST = 5000; // a chart that never paints (the library failed) does not hold the cards back

  function painted() {
    return CHARTS.every(function (id) {
      const graph = document.getElementById(id);
      return graph === null || graph.querySelector('.main-svg') !== null;
    });
  }

  let looking = 0; // the page build being watched (a newer build stops the older watch)

  const dashboard = {
    drawn: function (state, rendered, pending) {
      /* the page's state arrives with every build; a page built without its numbers (``pending``)
         waits for ``render`` (``rendered``). ``exec-drawn`` is set from here, not returned: a change
         set in the browser fires the cards' callbacks as a person's change does. */
      const dc = window.dash_clientside;
      const trigger = (dc.callback_context.triggered[0] || {}).prop_id || '';
      // a page built without its numbers waits for ``render``; a state changed in place comes drawn
      if (pending && !trigger.startsWith('exec-rendered') && !trigger.startsWith('exec-state')) {
        return dc.no_update;
      }
      const mine = ++looking;
      const started = Date.now();
      (function look() {
        if (mine !== looking) {
          return;
        }
        if (painted() || Date.now() - started > LONGEST) {
          window.setTimeout(function () { // after the frame that shows them
            if (mine === looking && document.getElementById('exec-trend') !== null) { // still on the dashboard
              dc.set_props('exec-drawn', {data: state});
            }
          }, 0);
        } else {
          window.requestAnimationFrame(look);
        }
      }());
      return dc.no_update;
    },
  };

  dashboard.address = function (url) {
    const dc = window.dash_clientside;
    if (url && url.push && typeof url.search === 'string') {
      const target = window.location.pathname + url.search;
      window.requestAnimationFrame(function () { // after the frame that draws the new state
        if (onDashboard() && window.location.pathname + window.location.search !== target) {
          window.history.pushState({}, '', target);
        }
      });
    }
    return dc.no_update;
  };

  function onDashboard() {
    return document.getElementById('exec-page') !== null && /\/$/.test(window.location.pathname);
  }

  function goInPlace(event) {
    /* the address in the bar is a dashboard state and the dashboard is shown: go there in place (the
       router's location does not know the states taken in place, so it may not see this change) */
    if (!onDashboard() || !window.dash_clientside || !window.dash_clientside.set_props) {
      return;
    }
    event.stopImmediatePropagation();
    window.dash_clientside.set_props('exec-nav', {data: {search: window.location.search, at: Date.now()}});
  }

  // Registered before dash-renderer mounts dcc.Location (assets load first): back/forward between two
  // dashboard states, and a dcc.Link to the dashboard clicked on it (it has pushed its address).
  window.addEventListener('popstate', goInPlace);
  window.addEventListener('_dashprivate_pushstate', goInPlace);

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.dashboard = dashboard;
}());
