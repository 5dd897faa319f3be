/* Money in grids as on the cards (components/formatters.py, i18n/format.py `money`): the reporting
 * currency's symbol always; English exact with thousands separators ($1,234,567), Korean in
 * 만/억/조 (₩123만, $1.2억) with the exact amount in the cell's tooltip. Kept equal to the Python
 * formatter by tests/test_money_columns.py, which runs this file in Node. */
(function () {
  'use strict';
  const root = typeof window !== 'undefined' ? window : globalThis;
  const dagfuncs = (root.dashAgGridFunctions = root.dashAgGridFunctions || {});
  const KO_UNITS = [[1e12, '조'], [1e8, '억'], [1e4, '만']];

  function grouped(value, decimals) {
    // en-US grouping in both languages (i18n/format.py writes 1,234 for Korean too)
    return Number(value).toLocaleString('en-US', {minimumFractionDigits: decimals, maximumFractionDigits: decimals});
  }

  function compactKo(size) {
    for (let i = 0; i < KO_UNITS.length; i++) {
      const unit = KO_UNITS[i][0];
      if (size >= unit) {
        const scaled = size / unit;
        let text = scaled < 1000 ? grouped(scaled, 1) : grouped(scaled, 0);
        if (text.endsWith('.0')) text = text.slice(0, -2);
        return text + KO_UNITS[i][1];
      }
    }
    return null;
  }

  // value → "$1,234" (exact) or, in Korean, "$123만"; decimals for small prices (cost per contact)
  dagfuncs.xrmMoney = function (value, symbol, lang, decimals, exact) {
    if (value == null || !isFinite(value)) return '–';
    const sign = value < 0 ? '-' : '';
    const size = Math.abs(value);
    const short = !exact && lang === 'ko' ? compactKo(size) : null;
    return sign + symbol + (short || grouped(size, decimals || 0));
  };
})();
