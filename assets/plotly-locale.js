/* Charts in the reader's language: plotly.js's Korean month and day names, tooltips of the
   mode bar, and the locale chosen from the xrm_lang cookie the server sets (auth/web.py).
   Registered before plotly.js loads (window.PlotlyLocales) or at once when it already has. */
(function () {
  var ko = {
    moduleType: "locale",
    name: "ko",
    dictionary: {
      "Autoscale": "자동 배율",
      "Box Select": "사각형 선택",
      "Click to enter Colorscale title": "색상 척도 제목 입력",
      "Click to enter Plot title": "차트 제목 입력",
      "Click to enter X axis title": "X축 제목 입력",
      "Click to enter Y axis title": "Y축 제목 입력",
      "Compare data on hover": "마우스를 올리면 데이터 비교",
      "Double-click on legend to isolate one trace": "범례를 두 번 클릭하면 하나만 표시",
      "Double-click to zoom back out": "두 번 클릭하면 원래 크기로",
      "Download plot as a png": "PNG로 내려받기",
      "Download plot": "차트 내려받기",
      "Lasso Select": "올가미 선택",
      "Orbital rotation": "궤도 회전",
      "Pan": "이동",
      "Produced with Plotly.js": "Plotly.js로 작성",
      "Reset": "초기화",
      "Reset axes": "축 초기화",
      "Reset view": "보기 초기화",
      "Show closest data on hover": "마우스를 올리면 가까운 데이터 표시",
      "Snapshot succeeded": "스냅샷 완료",
      "Sorry, there was a problem downloading your snapshot!": "스냅샷을 내려받지 못했습니다.",
      "Taking snapshot - this may take a few seconds": "스냅샷을 만드는 중입니다. 잠시 기다리세요.",
      "Toggle Spike Lines": "보조선 켜기/끄기",
      "Toggle show closest data on hover": "가까운 데이터 표시 켜기/끄기",
      "Zoom": "확대/축소",
      "Zoom in": "확대",
      "Zoom out": "축소",
      "close:": "종가:",
      "high:": "고가:",
      "low:": "저가:",
      "open:": "시가:",
      "trace": "계열",
      "max": "최대",
      "min": "최소",
      "median": "중앙값",
      "mean": "평균",
      "q1": "1사분위",
      "q3": "3사분위"
    },
    format: {
      days: ["일요일", "월요일", "화요일", "수요일", "목요일", "금요일", "토요일"],
      shortDays: ["일", "월", "화", "수", "목", "금", "토"],
      months: ["1월", "2월", "3월", "4월", "5월", "6월", "7월", "8월", "9월", "10월", "11월", "12월"],
      shortMonths: ["1월", "2월", "3월", "4월", "5월", "6월", "7월", "8월", "9월", "10월", "11월", "12월"],
      date: "%Y-%m-%d",
      year: "%Y년",
      month: "%Y년 %b",
      dayMonth: "%b %-d일",
      dayMonthYear: "%Y년 %b %-d일"
    }
  };
  var match = document.cookie.match(/(?:^|;\s*)xrm_lang=([a-z]+)/);
  var lang = match ? match[1] : "en";
  function apply(P) {
    P.register(ko);
    if (lang === "ko") P.setPlotConfig({ locale: "ko" });
  }
  if (window.Plotly && window.Plotly.register) {
    apply(window.Plotly);
  } else {
    // plotly.js not loaded yet: act the moment it sets window.Plotly, before any chart is drawn
    var loaded;
    Object.defineProperty(window, "Plotly", {
      configurable: true,
      enumerable: true,
      get: function () { return loaded; },
      set: function (value) {
        loaded = value;
        if (value && value.register && !value.__xrmLocale) {
          value.__xrmLocale = true;
          apply(value);
        }
      }
    });
  }
})();

/* Korean number axes read in 만 and 억, as the cards do: after every draw, the tick labels of linear
   axes ("12M", "$1.5k", "120,000") are rewritten (1,200만, $1.5천 stays 1,500, 1.2억). Category and
   date axes are left alone (an id such as 12353 is a name, not an amount). */
(function () {
  var match = document.cookie.match(/(?:^|;\s*)xrm_lang=([a-z]+)/);
  if (!match || match[1] !== "ko") return;
  var SUFFIX = { k: 1e3, M: 1e6, G: 1e9, B: 1e9, T: 1e12 };
  var TICK = /^([−-]?)([^\d−-]*?)([\d][\d,]*(?:\.\d+)?)([kMGBT]?)([^\d]*)$/;
  function trim(x) {
    return (Math.round(x * 10) / 10).toLocaleString("ko-KR", { maximumFractionDigits: 1 });
  }
  function korean(text) {
    var m = TICK.exec(text.trim());
    if (!m) return null;
    var value = parseFloat(m[3].replace(/,/g, "")) * (SUFFIX[m[4]] || 1);
    var size = Math.abs(value);
    var body;
    if (size >= 1e8) body = trim(value / 1e8) + "억";
    else if (size >= 1e4) body = trim(value / 1e4) + "만";
    else if (m[4]) body = Math.round(value).toLocaleString("ko-KR");
    else return null;
    return m[1] + m[2] + body + m[5];
  }
  function rewrite(gd) {
    var layout = gd._fullLayout;
    if (!layout) return;
    Object.keys(layout).forEach(function (key) {
      var axis = layout[key];
      if (!/^[xy]axis\d*$/.test(key) || !axis || axis.type !== "linear" || !axis._id) return;
      gd.querySelectorAll("g." + axis._id + "tick text").forEach(function (node) {
        var done = node.getAttribute("data-ko");
        if (done && done === node.textContent) return;
        var text = korean(node.textContent);
        if (text !== null) {
          node.textContent = text;
          node.setAttribute("data-ko", text);
        }
      });
    });
  }
  function watch(gd) {
    if (gd.__xrmKo || !gd.on) return;
    gd.__xrmKo = true;
    gd.on("plotly_afterplot", function () { rewrite(gd); });
    rewrite(gd);
  }
  new MutationObserver(function () {
    document.querySelectorAll(".js-plotly-plot").forEach(watch);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
