/* The top bar's search by keyboard: ArrowDown from the box moves into the results, ArrowUp/Down
   move between them, Enter in the box opens the first, Escape closes the list; "/" focuses the box.
   The glossary: an address with #term-… scrolls to the term once the page has drawn it. */
(function () {
    function hits() { return Array.prototype.slice.call(document.querySelectorAll('#gs-results .gs-hit')); }
    function hide() { var r = document.getElementById('gs-results'); if (r) { r.hidden = true; } }
    document.addEventListener('keydown', function (e) {
        var box = document.getElementById('gs-q');
        if (!box) { return; }
        var list = hits();
        var inResults = e.target.classList && e.target.classList.contains('gs-hit');
        if (e.key === '/' && !/INPUT|TEXTAREA|SELECT/.test(e.target.tagName) && !e.target.isContentEditable) {
            e.preventDefault(); box.focus(); return;
        }
        if (e.target !== box && !inResults) { return; }
        if (e.key === 'Escape') { hide(); box.focus(); e.preventDefault(); return; }
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            if (!list.length) { return; }
            e.preventDefault();
            var i = list.indexOf(e.target);
            if (e.target === box) { i = e.key === 'ArrowDown' ? 0 : list.length - 1; }
            else { i = e.key === 'ArrowDown' ? i + 1 : i - 1; }
            if (i < 0) { box.focus(); return; }
            list[Math.min(i, list.length - 1)].focus();
            return;
        }
        if (e.key === 'Enter' && e.target === box && list.length) {
            var answer = document.querySelector('#gs-results .gs-answer');
            var text = box.value.replace(/\s+/g, ' ').trim();
            if (answer && answer.getAttribute('data-for') === text) { e.preventDefault(); list[0].click(); }
        }
    });
    document.addEventListener('click', function (e) {
        var gs = document.getElementById('gs');
        if (gs && !gs.contains(e.target)) { hide(); }
    });
    document.addEventListener('focusin', function (e) {
        var r = document.getElementById('gs-results');
        if (e.target && e.target.id === 'gs-q' && r && r.children.length) { r.hidden = false; }
    });

    var shown = null;
    function toTerm() {
        var hash = window.location.hash;
        if (!hash || hash.indexOf('#term-') !== 0 || shown === hash) { return; }
        var el = document.getElementById(hash.slice(1));
        if (!el) { return; }
        shown = hash;
        document.querySelectorAll('.gloss-target').forEach(function (x) { x.classList.remove('gloss-target'); });
        el.classList.add('gloss-target');
        el.scrollIntoView({block: 'center'});
    }
    new MutationObserver(toTerm).observe(document.documentElement, {childList: true, subtree: true});
    window.addEventListener('hashchange', function () { shown = null; toTerm(); });
})();
