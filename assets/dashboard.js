/* The executive dashboard in the browser (callbacks/executive.py).
 *
 * - drawn: once the page's charts are painted (the page built with its numbers, or drawn by the
 *   ``render`` callback), gives ``exec-drawn`` the page's state; the partner and campaign cards are
 *   asked for only then, so their requests never delay the chart library's download or the charts.
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
      if (pending && !trigger.startsWith('exec-rendered')) {
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

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.dashboard = dashboard;
}());
