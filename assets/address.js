/* The page's own address goes with the request for the app's layout, so the server builds the page
 * into it (components/routing.py): the page comes with the frame, one round trip fewer on every page
 * opened. Each tab sends its own address. A very long address is not sent: the server's request line
 * has a limit; Dash's router then builds that page as before.
 */
(function () {
  'use strict';

  const MAX_URL = 2000;
  const fetchAsDash = window.fetch;

  window.fetch = function (resource, options) {
    if (typeof resource === 'string' && /(^|\/)_dash-layout$/.test(resource)) {
      const sent = resource + '?xrm_at=' + encodeURIComponent(window.location.pathname + window.location.search);
      if (sent.length <= MAX_URL) {
        resource = sent;
      }
    }
    return fetchAsDash.call(this, resource, options);
  };
}());
