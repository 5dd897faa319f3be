/* Every grid fits its columns (components/grids.py, issue 17 item 11): sized to their content and
 * headers; stretched when there is room; the first column pinned on the left; when the columns do
 * not fit (a narrow screen), the key measure (the sorted column, else the first number column)
 * pinned on the right so that it stays in sight while the rest scrolls. Run by the grids' event
 * listeners after data arrives, on new columns and on a size change. */
(function () {
  'use strict';
  const dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

  function numeric(column) {
    const type = (column.getColDef() || {}).type;
    const types = Array.isArray(type) ? type : [type];
    return types.indexOf('rightAligned') >= 0 || types.indexOf('numericColumn') >= 0;
  }

  function keyMeasure(api, columns) {
    const sorted = (api.getColumnState() || []).find(function (s) { return s.sort; });
    if (sorted) {
      const found = columns.find(function (c) { return c.getColId() === sorted.colId; });
      if (found && numeric(found)) return found;
    }
    return columns.find(numeric) || null;
  }

  dagfuncs.xrmFitColumns = function (params) {
    const api = params && params.api;
    if (!api || (api.isDestroyed && api.isDestroyed())) return;
    const columns = api.getAllDisplayedColumns ? api.getAllDisplayedColumns() : [];
    if (!columns.length) return;
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
    const range = api.getHorizontalPixelRange();
    const room = range.right - range.left;
    const centre = api.getDisplayedCenterColumns().reduce(function (w, c) { return w + c.getActualWidth(); }, 0);
    if (room <= 0) return;
    if (centre < room) {
      api.sizeColumnsToFit();
    } else if (centre > room && !rightPinned) {
      const key = keyMeasure(api, api.getDisplayedCenterColumns());
      if (key) {
        api.__xrmKeyPinned = key.getColId();
        api.applyColumnState({state: [{colId: key.getColId(), pinned: 'right'}]});
      }
    }
  };
})();
