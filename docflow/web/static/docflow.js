// Links to Airflow pages (DAG runs) open in Airflow itself, not inside the plugin's frame: the UI's
// iframe sandbox forbids top navigation, so we hand the path to the parent app's router (same origin).
document.addEventListener("click", function (ev) {
  var a = ev.target.closest && ev.target.closest("a[data-airflow]");
  if (!a || window.top === window || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
  try {
    var top = window.top;
    var url = new URL(a.getAttribute("href"), top.location.href);
    if (url.origin !== top.location.origin) return;
    top.history.pushState({}, "", url.pathname + url.search + url.hash);
    top.dispatchEvent(new PopStateEvent("popstate", { state: {} }));
    ev.preventDefault();
  } catch (e) { /* cross-origin or old browser: follow the link normally */ }
});
