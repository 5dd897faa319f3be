/* Every grid fits its columns (components/grids.py, issue 17 item 11): sized to their content and
 * headers; stretched when there is room; the first column pinned on the left; when the columns do
 * not fit (a narrow screen), the key measure (the sorted column, else the first number column)
 * pinned on the right so that it stays in sight while the rest scrolls. Run by the grids' event
 * listeners after data arrives, on new columns and on a size change, and by a light watch below. */
(function () {
  'use strict';
  const dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

  function numeric(column) {
    const type = (column.getColDef() || {}).type;
    const types = Array.isArray(type) ? type : [type];
    return types.indexOf('rightAligned') >= 0 || types.indexOf('numericColumn') >= 0;
  }

  function keyMeasure(api, columns) {
    // a column its view names as the key measure (components/grids.py KEY), else the sorted one, else the first number
    const named = columns.find(function (c) { return ((c.getColDef() || {}).context || {}).xrmKey; });
    if (named) return named;
    const sorted = (api.getColumnState() || []).find(function (s) { return s.sort; });
    if (sorted) {
      const found = columns.find(function (c) { return c.getColId() === sorted.colId; });
      if (found && numeric(found)) return found;
    }
    return columns.find(numeric) || null;
  }

  // measured after the browser has laid the page out (rows, a spinner going away, a resize), once per
  // frame however many events asked: a measure taken mid-change would pin a measure that fits
  dagfuncs.xrmFitColumns = function (params) {
    const api = params && params.api;
    if (!api || api.__xrmFitQueued) return;
    api.__xrmFitQueued = true;
    window.requestAnimationFrame(function () {
      window.setTimeout(function () {
        api.__xrmFitQueued = false;
        fit(api);
      }, 0);
    });
  };

  function fit(api) {
    if (api.isDestroyed && api.isDestroyed()) return;
    const columns = api.getAllDisplayedColumns ? api.getAllDisplayedColumns() : [];
    if (!columns.length) return;
    // the grid's width, read before anything moves: the centre's visible part and both pinned sides
    // (the centre's size follows a change of pins only after the next layout)
    const range = api.getHorizontalPixelRange();
    const width = function (list) { return list.reduce(function (w, c) { return w + c.getActualWidth(); }, 0); };
    const pinned = columns.filter(function (c) { return c.getPinned(); });
    const room = range.right - range.left + width(pinned);
    if (!(range.right - range.left > 0)) {  // not laid out yet (a hidden tab, a spinner): look again shortly
      api.__xrmFitTries = (api.__xrmFitTries || 0) + 1;
      if (api.__xrmFitTries <= 20) window.setTimeout(function () { fit(api); }, 150);
      return;
    }
    api.__xrmFitTries = 0;
    const state = api.getColumnState();
    const leftPinned = state.some(function (s) { return s.pinned === 'left'; });
    const ours = api.__xrmKeyPinned;  // the key measure this pinned for a narrow grid: looked at again below
    const rightPinned = state.some(function (s) { return s.pinned === 'right' && s.colId !== ours; });
    const reset = state.map(function (s) {
      const change = {colId: s.colId, flex: null};
      if (ours && s.colId === ours) change.pinned = null;
      if (!leftPinned && s.colId === columns[0].getColId()) change.pinned = 'left';
      return change;
    });
    api.__xrmKeyPinned = null;
    api.applyColumnState({state: reset});
    api.autoSizeAllColumns(false);  // content and headers
    const fitted = {};
    api.getAllDisplayedColumns().forEach(function (c) { fitted[c.getColId()] = c.getActualWidth(); });
    const needed = width(api.getAllDisplayedColumns());
    if (needed < room) {
      // the room left spread over the unpinned columns without a maximum width, in proportion to their
      // content (never below it); AG Grid's sizeColumnsToFit measured a wider grid than the one drawn
      // in half-width cards and pushed the last columns out of sight
      const growing = api.getAllDisplayedColumns().filter(function (c) {
        return !c.getPinned() && !(c.getColDef() || {}).maxWidth;
      });
      const base = width(growing);
      let left = Math.floor(room - needed - 2);
      if (base > 0 && left > 0) {
        const spread = growing.map(function (c, i) {
          const extra = i === growing.length - 1 ? left : Math.floor((room - needed - 2) * c.getActualWidth() / base);
          left -= extra;
          return {colId: c.getColId(), width: c.getActualWidth() + extra};
        });
        api.applyColumnState({state: spread});
      }
    } else if (needed > room + 8 && !rightPinned) {  // a few pixels over: a scrollbar, not a narrow screen
      const key = keyMeasure(api, api.getDisplayedCenterColumns());
      if (key) {
        api.__xrmKeyPinned = key.getColId();
        api.applyColumnState({state: [{colId: key.getColId(), pinned: 'right'}]});
      }
    }
  }

  // The grids' own events can fire before their listeners are attached (rows given with the grid):
  // a light watch fits any grid whose rows, columns or width changed since it was last fitted.
  function fingerprint(api, host) {
    const first = api.getDisplayedRowAtIndex(0);
    const columns = (api.getColumns() || []).map(function (c) { return c.getColId(); }).join('|');
    return [api.getDisplayedRowCount(), columns, host.clientWidth, first ? JSON.stringify(first.data) : ''].join('#');
  }

  function widths(api) {
    return (api.getAllDisplayedColumns() || []).map(function (c) { return c.getActualWidth(); }).join(',');
  }

  window.setInterval(function () {
    if (!window.dash_ag_grid || !window.dash_ag_grid.getApi) return;
    document.querySelectorAll('.ag-root-wrapper').forEach(function (root) {
      const host = root.parentElement && root.parentElement.closest('[id]');
      if (!host || !host.offsetParent) return;  // hidden
      let api;
      try { api = window.dash_ag_grid.getApi(host.id); } catch (e) { return; }
      if (!api || (api.isDestroyed && api.isDestroyed())) return;
      const now = fingerprint(api, host);
      if (api.__xrmFingerprint !== now) {
        api.__xrmFingerprint = now;
        api.__xrmWidthLooks = 0;
        api.__xrmWidths = null;
        dagfuncs.xrmFitColumns({api: api});
      } else if (!api.__xrmFitQueued && api.__xrmWidthLooks < 2) {
        // AG Grid may size the columns again after a fit (an autosize it put off until the rows were
        // drawn, below the fold), leaving them unspread: widths that moved since are fitted again, twice
        // at most (a fit is then settled; looking for ever would keep the page busy)
        const sized = widths(api);
        if (api.__xrmWidths !== null && api.__xrmWidths !== sized) {
          api.__xrmWidthLooks += 1;
          dagfuncs.xrmFitColumns({api: api});
        }
        api.__xrmWidths = sized;
      }
    });
  }, 400);
})();
